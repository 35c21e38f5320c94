package dev.tandem.service;

import java.time.Duration;

/**
 * A session service whose callbacks leave only after a delay — the port of a WCF service that
 * sleeps before calling back (the Reliable Secure Profile sample's {@code Thread.Sleep(5000)}).
 * Tandem holds no thread for it: the callback is stored at once and becomes due after the delay.
 */
public interface DelayedCallbacks {
  /** How long each callback waits before it may be delivered. */
  Duration callbackDelay();
}
