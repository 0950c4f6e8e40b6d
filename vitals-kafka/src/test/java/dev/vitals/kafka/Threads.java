package dev.vitals.kafka;

/** Counts the threads Kafka clients start, to prove a per-run Admin leaves none behind. */
final class Threads {
  private Threads() {}

  /**
   * Live Kafka client threads now: Admin I/O threads ({@code kafka-admin-client-thread | id})
   * and any thread named after a check's client id. No waiting: a per-run Admin must have joined
   * its thread before the run returns.
   */
  static long kafkaClients() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("kafka-admin-client-thread") || n.contains("vitals-kafka-check"))
        .count();
  }
}
