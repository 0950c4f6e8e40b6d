package dev.vitals.checks;

import dev.vitals.spi.Deadline;
import dev.vitals.spi.Outputs;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/*
 * Resolves host names within the time left of a check execution (issue 12).
 *
 * The JDK's lookup (InetAddress.getAllByName) has no timeout and ignores interrupts, and Java 17
 * has no pluggable resolver. So a lookup runs on a thread of a small pool of its own while the
 * check waits for it with Deadline.remainingMillis; at the deadline the check fails with
 * "resolving HOST timed out after N ms" and the lookup is left to finish on its thread.
 *
 * Threads stay bounded when a resolver never answers:
 * - one lookup per host at a time: a run that finds its host's lookup still running waits on that
 *   one instead of starting another (the JDK serialises lookups of one name anyway, so a second
 *   thread would only queue behind the first);
 * - at most MAX_THREADS (4) lookup threads per HostLookup, daemons named vitals-lookup-N that exit
 *   after 30 s idle; with all of them held by hung lookups, a lookup of another host fails at once
 *   ("no lookup thread free") rather than starting a fifth thread. SYSTEM is shared by every check
 *   of this module, so the whole module holds at most 4 threads for hung lookups.
 * IP literals and "localhost" never take a thread: they are parsed, or are the loopback address.
 */
final class HostLookup {
  /** Resolves one name; the JDK's resolver outside tests. */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  /** Lookup threads one HostLookup may hold at once, hung or not. */
  static final int MAX_THREADS = 4;

  /** The JDK's resolver, shared by every check of this module. */
  static final HostLookup SYSTEM = new HostLookup(InetAddress::getAllByName, MAX_THREADS);

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final Lookup lookup;
  private final ThreadPoolExecutor threads;
  private final ConcurrentHashMap<String, CompletableFuture<InetAddress[]>> running =
      new ConcurrentHashMap<>();

  HostLookup(Lookup lookup, int maxThreads) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.threads = new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "vitals-lookup-" + THREAD_NUMBERS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * The address of {@code host:port} (the first the resolver gives, as {@code new
   * InetSocketAddress(host, port)} takes), resolved by {@code deadline}.
   *
   * @throws SocketTimeoutException "resolving HOST timed out after N ms" (N the budget)
   * @throws UnknownHostException if the name does not resolve
   * @throws IOException "no lookup thread free" when every lookup thread is held
   */
  InetSocketAddress address(String host, int port, Deadline deadline) throws IOException {
    return new InetSocketAddress(resolve(host, deadline)[0], port);
  }

  /** Every address of {@code host}, resolved by {@code deadline}; never empty. */
  InetAddress[] resolve(String host, Deadline deadline) throws IOException {
    InetAddress literal = literal(host);
    if (literal != null) {
      return new InetAddress[] {literal};
    }
    CompletableFuture<InetAddress[]> answer = running.computeIfAbsent(host, this::start);
    if (answer.isCompletedExceptionally()) {
      running.remove(host, answer); // never started: the next run tries again
    }
    try {
      InetAddress[] addresses = answer.get(
          deadline.remainingMillis("resolving " + host), TimeUnit.MILLISECONDS);
      if (addresses.length == 0) {
        throw new UnknownHostException(host + ": no addresses");
      }
      return addresses;
    } catch (TimeoutException | SocketTimeoutException e) {
      throw new SocketTimeoutException(
          "resolving " + host + " timed out after " + deadline.budget().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("resolving " + host + " interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException("resolving " + host + " failed: " + Outputs.describe(cause), cause);
    }
  }

  /**
   * Resolves the host of {@code url} by {@code deadline} before an {@link java.net.http.HttpClient}
   * request to it, so that the client's own lookup of the name (which nothing bounds) is answered
   * from the JVM's address cache; the client still connects by name, so the Host header, SNI and
   * the certificate's host name check are unchanged. Does nothing when the default proxy selector
   * sends {@code url} through a proxy, which resolves it.
   */
  void beforeRequest(URI url, Deadline deadline) throws IOException {
    if (direct(url)) {
      resolve(url.getHost(), deadline);
    }
  }

  private static boolean direct(URI url) {
    ProxySelector selector = ProxySelector.getDefault();
    if (selector == null) {
      return true;
    }
    try {
      return selector.select(url).stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Lookups running now, one per host, for tests. */
  int lookups() {
    return running.size();
  }

  /** Lookup threads alive now (running or idle), for tests. */
  int threads() {
    return threads.getPoolSize();
  }

  /** A check's output for a failed {@link #address}: its message, or the exception described. */
  static String describe(IOException e) {
    return e instanceof SocketTimeoutException || e instanceof NoThreadFree
        ? Outputs.sanitize(String.valueOf(e.getMessage()))
        : Outputs.describe(e);
  }

  private CompletableFuture<InetAddress[]> start(String host) {
    CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
    try {
      threads.execute(() -> {
        try {
          answer.complete(lookup.lookup(host));
        } catch (Throwable e) {
          answer.completeExceptionally(e);
        } finally {
          running.remove(host, answer);
        }
      });
    } catch (RejectedExecutionException e) {
      // computeIfAbsent is still adding it: resolve removes it once added.
      answer.completeExceptionally(new NoThreadFree("resolving " + host + " failed: no lookup "
          + "thread free (" + threads.getMaximumPoolSize() + " lookups still running)"));
    }
    return answer;
  }

  /** An IP literal parsed, or the loopback address for localhost; null for a name to look up. */
  private static InetAddress literal(String host) throws UnknownHostException {
    if (host.equalsIgnoreCase("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    if (host.indexOf(':') >= 0) {
      // In brackets the JDK takes only an IPv6 literal, never a name to look up.
      return InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]");
    }
    if (IPV4.matcher(host).matches()) {
      for (String octet : host.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return null; // not a literal, so the JDK would look it up: on a lookup thread
        }
      }
      return InetAddress.getByName(host);
    }
    return null;
  }

  /** Every lookup thread is held by a lookup still running. */
  static final class NoThreadFree extends IOException {
    private static final long serialVersionUID = 1L;

    NoThreadFree(String message) {
      super(message);
    }
  }
}
