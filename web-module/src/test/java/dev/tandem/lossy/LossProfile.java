package dev.tandem.lossy;

import java.util.Random;

/**
 * Probabilities (each 0..1, summing to at most 1) of the {@link LinkFault}s the proxy applies to one
 * exchange; the rest passes.
 *
 * @param delay probability of {@link LinkFault#DELAY}
 * @param dropRequest probability of {@link LinkFault#DROP_REQUEST}
 * @param dropResponse probability of {@link LinkFault#DROP_RESPONSE}
 * @param duplicate probability of {@link LinkFault#DUPLICATE}
 * @param reorder probability of {@link LinkFault#REORDER}
 */
public record LossProfile(
    double delay, double dropRequest, double dropResponse, double duplicate, double reorder) {

  /** No faults: a transparent proxy. */
  public static final LossProfile NONE = new LossProfile(0, 0, 0, 0, 0);

  /**
   * @throws IllegalArgumentException when a probability is negative or they sum to more than 1
   */
  public LossProfile {
    double sum = delay + dropRequest + dropResponse + duplicate + reorder;
    if (delay < 0 || dropRequest < 0 || dropResponse < 0 || duplicate < 0 || reorder < 0 || sum > 1) {
      throw new IllegalArgumentException("probabilities must be >= 0 and sum to <= 1: " + sum);
    }
  }

  /** Draws the fault for the next exchange from {@code random} (one {@code nextDouble()}). */
  public LinkFault draw(Random random) {
    double r = random.nextDouble();
    if ((r -= delay) < 0) {
      return LinkFault.DELAY;
    }
    if ((r -= dropRequest) < 0) {
      return LinkFault.DROP_REQUEST;
    }
    if ((r -= dropResponse) < 0) {
      return LinkFault.DROP_RESPONSE;
    }
    if ((r -= duplicate) < 0) {
      return LinkFault.DUPLICATE;
    }
    if ((r -= reorder) < 0) {
      return LinkFault.REORDER;
    }
    return LinkFault.PASS;
  }
}
