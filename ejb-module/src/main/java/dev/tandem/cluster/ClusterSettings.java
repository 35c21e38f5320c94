package dev.tandem.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether this node is one of several sharing a PostgreSQL store ({@code tandem.cluster.enabled}). */
@ApplicationScoped
public class ClusterSettings {
  @Inject
  @ConfigProperty(name = "tandem.cluster.enabled", defaultValue = "false")
  boolean enabled;

  /**
   * True when {@code tandem.cluster.enabled=true} (default false): commits that queue a message for a
   * MakeConnection address are announced to the other nodes, and the InactivityTimeout / Expires /
   * retention sweep runs on one node at a time. Needs PostgreSQL: on H2 the deployment fails at
   * start-up ({@code TANDEM-CLUSTER-0001}).
   */
  public boolean enabled() {
    return enabled;
  }
}
