package dev.tandem.rm.model;

/** Where a received message stands at the RM Destination. */
public enum MessageStatus {
  /** Received ahead of a gap: stored and acknowledged, delivered when the gap fills. */
  HELD,
  /** Delivered to the service; its reply (if any) is stored for retries. */
  DELIVERED
}
