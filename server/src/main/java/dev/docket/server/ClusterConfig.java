package dev.docket.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How this node takes part in a cluster of nodes sharing one PostgreSQL store (design note 0006);
 * ignored on the embedded SQLite store, which one node owns.
 *
 * @param nodeName the node's name in leases and logs (its lease owner id adds an incarnation)
 * @param leaseTime how long single-owner work (a bus's router, an archiver, a running execution)
 *     stays with a node that stopped renewing it: a dead node's work moves after this
 * @param resyncEvery how often each node drops its caches whatever the notifications said
 */
public record ClusterConfig(String nodeName, Duration leaseTime, Duration resyncEvery) {

  /** Checks the values. */
  public ClusterConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(leaseTime, "leaseTime");
    Objects.requireNonNull(resyncEvery, "resyncEvery");
  }

  /** The defaults: the host's name, 10 s leases, caches dropped every 10 s. */
  public static ClusterConfig defaults() {
    return new ClusterConfig(hostName(), Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  /** This configuration with another lease time (tests shorten it). */
  public ClusterConfig withLeaseTime(Duration newLeaseTime) {
    return new ClusterConfig(nodeName, newLeaseTime, resyncEvery);
  }

  /** The local host's name, or {@code node} when it cannot be told. */
  static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "node" : name;
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
