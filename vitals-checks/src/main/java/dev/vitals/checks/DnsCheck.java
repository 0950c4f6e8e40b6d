package dev.vitals.checks;

import dev.vitals.Check;
import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks that a host name resolves, through the JVM's resolver ({@link
 * InetAddress#getAllByName(String)}): the same path, cache and {@code /etc/hosts} the
 * application's own connections take.
 *
 * <pre>{@code
 * Vitals.builder()
 *     .check(DnsCheck.of("dns", "db.internal").critical(false))
 *     .build();
 * }</pre>
 *
 * <p><b>A lookup that hangs holds one thread.</b> The JDK's lookup has no timeout and ignores
 * interrupts, so each lookup runs on its own daemon thread ({@code vitals-dns-<host>}) while
 * the check waits for it until the registration's deadline ({@link Deadline#current()}) and
 * then fails ("no answer within N ms"). A lookup
 * still running is not started again: the next run waits on the same one. So a resolver that
 * never answers holds exactly one extra thread per check until it does.
 *
 * <p>The JVM caches answers ({@code networkaddress.cache.ttl}, 30 s by default without a
 * security manager; failures for {@code networkaddress.cache.negative.ttl}, 10 s), so this
 * check sees what the application would see, not necessarily what the DNS server says this
 * second.
 */
public final class DnsCheck implements Check {
  /** Resolves one name; the JDK's resolver outside tests. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final String host;
  private final Resolver resolver;
  // The lookup started last; a run reuses it while it is still running.
  private final AtomicReference<CompletableFuture<InetAddress[]>> lookup = new AtomicReference<>();

  private DnsCheck(String host, Resolver resolver) {
    this.host = TcpCheck.requireHost(host);
    this.resolver = resolver;
  }

  /**
   * A registration named {@code name} that resolves {@code host}; componentType {@code
   * component}, componentId the host name. The registration's timeout (1 s unless set) bounds
   * the wait for the answer.
   */
  public static HealthCheck.Builder of(String name, String host) {
    return create(host).healthCheck(name);
  }

  /** The bare check, for composing or registering by hand. */
  public static DnsCheck create(String host) {
    return new DnsCheck(host, InetAddress::getAllByName);
  }

  /** A check resolving with {@code resolver}, for tests that make a lookup hang. */
  static DnsCheck create(String host, Resolver resolver) {
    return new DnsCheck(host, Objects.requireNonNull(resolver, "resolver"));
  }

  /** A registration of this check with its componentType and componentId set. */
  public HealthCheck.Builder healthCheck(String name) {
    return HealthCheck.builder(name, this).componentType("component").componentId(host);
  }

  @Override
  public Result check() throws InterruptedException {
    Deadline deadline = Deadline.current();
    CompletableFuture<InetAddress[]> running = lookup.get();
    boolean reused = running != null && !running.isDone();
    if (!reused) {
      CompletableFuture<InetAddress[]> fresh = new CompletableFuture<>();
      if (lookup.compareAndSet(running, fresh)) {
        start(fresh);
        running = fresh;
      } else {
        running = lookup.get(); // another caller started one meanwhile: share it
        reused = true;
      }
    }
    try {
      InetAddress[] addresses =
          running.get(deadline.remainingMillis("lookup"), TimeUnit.MILLISECONDS);
      return addresses.length > 0 ? Result.pass() : Result.fail(where() + ": no addresses");
    } catch (TimeoutException | SocketTimeoutException e) {
      return Result.fail(where() + ": no answer within " + deadline.budget().toMillis() + " ms"
          + (reused ? " (an earlier lookup is still running)" : ""));
    } catch (ExecutionException e) {
      return Result.fail(where() + ": " + Outputs.describe(e.getCause()));
    }
  }

  @Override
  public String toString() {
    return "DnsCheck{" + host + "}";
  }

  private String where() {
    return "dns " + host;
  }

  private void start(CompletableFuture<InetAddress[]> result) {
    Thread t = new Thread(() -> {
      try {
        result.complete(resolver.resolve(host));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "vitals-dns-" + host);
    t.setDaemon(true);
    t.start();
  }
}
