package dev.vitals.server;

import dev.vitals.HealthEndpoints;
import dev.vitals.HealthRequest;
import dev.vitals.HealthResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/*
 * Design
 *
 * One thread ("vitals-http") owns the listening socket and every connection, on one selector.
 * A probe's answer comes from verdicts the engine already holds (tens of nanoseconds), so the
 * thread that reads a request answers it at once: no hand-off, no lock, one read and one write
 * per request. That is what lets one thread serve two to three times what the JDK's HttpServer
 * serves on the same machine, and a client that sends slowly costs a buffer, never a thread.
 *
 * The only requests that could block are those reading on-demand checks, which wait up to their
 * timeout (HealthEndpoints.mayWait). They go to a bounded pool of waiters; the connection stops
 * being read until the answer comes back through the task queue, so pipelined answers keep
 * their order. With every waiter busy the request gets 503, never a queue.
 *
 * Each connection holds a head buffer (grown from 1 KB to RequestHead.LIMIT), a queue of
 * answers not yet written, and one deadline, checked by a sweep every SWEEP_MILLIS:
 *   - a head that has begun must be complete within requestTimeout;
 *   - answers the client does not read must make progress within requestTimeout;
 *   - a connection with nothing in flight is closed after idleTimeout;
 *   - a connection waiting on a waiter has no deadline (the check's timeout bounds it).
 * Reading stops while more than HIGH_WATER bytes of answers wait to be written, so a client
 * that pipelines without reading holds a bounded amount of memory.
 *
 * Request bodies are never needed: a Content-Length body up to MAX_DISCARD bytes is skipped so
 * keep-alive continues; a larger or chunked one ends the connection after the answer. A
 * malformed head gets its 4xx with "Connection: close".
 *
 * Stopping closes the listener at once (the port is free), closes idle connections, lets
 * answers in flight finish (each with "Connection: close") until the grace ends, then closes
 * the rest.
 */
final class HttpLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger("dev.vitals.server");
  private static final int FIRST_BUFFER = 1024;
  private static final int MAX_DISCARD = 64 * 1024;
  private static final int HIGH_WATER = 64 * 1024;
  private static final long SWEEP_MILLIS = 250;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final Selector selector;
  private final ServerSocketChannel listener;
  private final HealthEndpoints endpoints;
  private final ThreadPoolExecutor waiters;
  private final long requestTimeoutNanos;
  private final long idleTimeoutNanos;
  private final int maxConnections;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final StringBuilder head = new StringBuilder(256);
  private final Set<Connection> open = new LinkedHashSet<>();

  private volatile long stopAt; // nanoTime when stopping must end; 0 while running
  private volatile boolean stopping;
  private long now = System.nanoTime(); // read once per turn of the loop; deadlines need no more
  private long dateSecond = -1;
  private String date;

  HttpLoop(
      ServerSocketChannel listener, HealthEndpoints endpoints, ThreadPoolExecutor waiters,
      long requestTimeoutNanos, long idleTimeoutNanos, int maxConnections) throws IOException {
    this.selector = Selector.open();
    this.listener = listener;
    this.endpoints = endpoints;
    this.waiters = waiters;
    this.requestTimeoutNanos = requestTimeoutNanos;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.maxConnections = maxConnections;
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  /** Asks the loop to stop within {@code graceNanos} and waits for it, a little longer at most. */
  void stop(long graceNanos) {
    if (!stopping) {
      stopAt = System.nanoTime() + graceNanos;
      stopping = true;
      selector.wakeup();
    }
    try {
      finished.await(TimeUnit.NANOSECONDS.toMillis(graceNanos) + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    try {
      long nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
      while (true) {
        runTasks();
        if (stopping && stopStep()) {
          return;
        }
        if (now - nextSweep >= 0) {
          sweep();
          nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - now)));
        now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          ready(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException | Error e) {
      LOG.log(Level.ERROR, "health endpoints stopped serving: the HTTP loop failed", e);
    } finally {
      for (Connection c : new ArrayList<>(open)) {
        c.close();
      }
      closeQuietly(listener);
      closeQuietly(selector);
      waiters.shutdownNow();
      finished.countDown();
    }
  }

  /** One stopping step: true when the loop may end. */
  private boolean stopStep() {
    if (listener.isOpen()) {
      closeQuietly(listener); // deregisters it: the port is free from here on
    }
    for (Connection c : new ArrayList<>(open)) {
      if (c.idle()) {
        c.close();
      }
    }
    return open.isEmpty() || now - stopAt >= 0;
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "answering a waited-for health request failed", e);
      }
    }
  }

  private void sweep() {
    for (Connection c : new ArrayList<>(open)) {
      if (c.waiting) {
        continue;
      }
      long limit = c.pending > 0 || c.end > c.start || c.discard != 0 ? requestTimeoutNanos : idleTimeoutNanos;
      if (now - c.since > limit) {
        c.close();
      }
    }
  }

  private void ready(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      accept();
      return;
    }
    Connection c = (Connection) key.attachment();
    try {
      if (key.isWritable()) {
        c.flush();
      }
      if (key.isValid() && key.isReadable()) {
        c.read();
      }
    } catch (IOException e) {
      c.close(); // reset or broken pipe: the client is gone
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a health connection failed and was closed", e);
      c.close();
    }
  }

  private void accept() {
    SocketChannel channel;
    try {
      while ((channel = listener.accept()) != null) {
        if (open.size() >= maxConnections || stopping) {
          closeQuietly(channel);
          continue;
        }
        try {
          channel.configureBlocking(false);
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
          Connection c = new Connection(channel, remote == null ? null : remote.getAddress());
          c.key = channel.register(selector, SelectionKey.OP_READ, c);
          open.add(c);
        } catch (IOException e) {
          closeQuietly(channel);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "accepting a health connection failed: {0}", e.toString());
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // closing: nothing left to do
    }
  }

  /** The Date field's value, formatted once a second. */
  private String date() {
    long second = System.currentTimeMillis() / 1000;
    if (second != dateSecond) {
      dateSecond = second;
      date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
    return date;
  }

  /** One client connection; touched only by the loop thread. */
  private final class Connection {
    final SocketChannel channel;
    final InetAddress remote;
    SelectionKey key;
    byte[] in = new byte[FIRST_BUFFER];
    int start;
    int end;
    int scanned; // how far the current head has been searched for its end
    long discard; // body bytes still to skip; -1: skip until the connection closes
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    int pending; // bytes queued in out
    boolean waiting; // a waiter is answering this connection's request
    boolean closing; // close once the queued answers are written
    boolean inputEnded;
    long since = now; // start of the current deadline

    Connection(SocketChannel channel, InetAddress remote) {
      this.channel = channel;
      this.remote = remote;
    }

    boolean idle() {
      return !waiting && pending == 0 && start == end;
    }

    void read() throws IOException {
      if (start > 0) {
        System.arraycopy(in, start, in, 0, end - start);
        scanned -= start;
        end -= start;
        start = 0;
      }
      if (end == in.length) {
        in = java.util.Arrays.copyOf(in, Math.min(in.length * 2, RequestHead.LIMIT));
      }
      int n = channel.read(ByteBuffer.wrap(in, end, in.length - end));
      if (n < 0) {
        inputEnded = true;
      } else {
        if (start == end && discard == 0) {
          since = now; // a new request begins: its head has requestTimeout
        }
        end += n;
      }
      serve();
    }

    /** Answers every complete request buffered, as far as order and back-pressure allow. */
    void serve() throws IOException {
      while (!waiting && !closing && pending < HIGH_WATER) {
        if (discard != 0) {
          int skip = discard < 0 ? end - start : (int) Math.min(discard, end - start);
          start += skip;
          discard = discard < 0 ? -1 : discard - skip;
          if (discard != 0) {
            break;
          }
        }
        while (start < end && (in[start] == '\r' || in[start] == '\n')) {
          start++; // stray line ends between requests are ignored (RFC 9112, 2.2)
        }
        int headEnd = RequestHead.find(in, start, end, scanned);
        if (headEnd < 0) {
          scanned = end;
          if (end - start >= RequestHead.LIMIT) {
            boolean lineEnded = RequestHead.indexOf(in, start, end, (byte) '\n') >= 0;
            reject(new RequestHead.Rejected(lineEnded ? 431 : 414,
                (lineEnded ? "request head over " : "request line over ") + RequestHead.LIMIT + " bytes"));
          }
          break;
        }
        RequestHead request;
        try {
          request = RequestHead.parse(in, start, headEnd);
        } catch (RequestHead.Rejected e) {
          reject(e);
          break;
        }
        start = headEnd;
        scanned = start;
        since = now;
        // A body is skipped only when it will surely come: after an answer without "100
        // Continue", a client that asked for one may send its body or not.
        boolean keep = !request.close && request.contentLength >= 0
            && request.contentLength <= MAX_DISCARD
            && !(request.expectsContinue && request.contentLength > 0);
        discard = request.contentLength < 0 ? -1 : request.contentLength;
        HealthRequest asked = HealthRequest.builder(request.method, request.target)
            .authorization(request.authorization)
            .forwardedFor(request.forwardedFor)
            .accept(request.accept)
            .remote(remote)
            .build();
        if (endpoints.mayWait(asked)) {
          hand(asked, keep, request.http10);
          break;
        }
        answer(handle(asked), keep, request.http10);
      }
      if (inputEnded && !waiting) {
        closing = true; // the client sent all it will; what it asked is answered first
      }
      flush();
    }

    private HealthResponse handle(HealthRequest request) {
      try {
        return endpoints.handle(request);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "answering a health request failed", e);
        return null;
      }
    }

    /** Hands a request that may wait for on-demand checks to a waiter. */
    private void hand(HealthRequest request, boolean keep, boolean http10) {
      waiting = true;
      try {
        waiters.execute(() -> {
          HealthResponse response = handle(request);
          tasks.add(() -> {
            waiting = false;
            if (!channel.isOpen()) {
              return;
            }
            try {
              answer(response, keep, http10);
              serve();
            } catch (IOException e) {
              close();
            }
          });
          selector.wakeup();
        });
      } catch (RejectedExecutionException busy) {
        waiting = false;
        refuse(503, "every waiter is busy: retry later");
      }
    }

    private void reject(RequestHead.Rejected e) {
      discard = 0;
      refuse(e.status, "bad request: " + e.getMessage());
    }

    /** Queues {@code response} (null: the endpoint failed) and whether to keep the connection. */
    private void answer(HealthResponse response, boolean keep, boolean http10) {
      if (response == null) {
        refuse(500, "internal error");
        return;
      }
      keep &= !stopping;
      head.setLength(0);
      head.append("HTTP/1.1 ").append(response.status()).append(' ')
          .append(reason(response.status())).append("\r\n");
      for (Map.Entry<String, String> field : response.headers()) {
        head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
      }
      byte[] body = response.body();
      head.append("Content-Length: ").append(response.contentLength()).append("\r\n");
      finish(body, keep, http10);
    }

    /** Queues a plain-text answer of the server's own, after which the connection closes. */
    private void refuse(int status, String text) {
      head.setLength(0);
      head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
          .append("Content-Type: text/plain; charset=utf-8\r\n")
          .append("Cache-Control: no-store\r\n")
          .append("X-Content-Type-Options: nosniff\r\n");
      byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
      head.append("Content-Length: ").append(body.length).append("\r\n");
      finish(body, false, false);
    }

    private void finish(byte[] body, boolean keep, boolean http10) {
      head.append("Date: ").append(date()).append("\r\n");
      if (!keep) {
        head.append("Connection: close\r\n");
        closing = true;
      } else if (http10) {
        head.append("Connection: keep-alive\r\n");
      }
      head.append("\r\n");
      ByteBuffer buffer = ByteBuffer.allocate(head.length() + body.length);
      for (int i = 0; i < head.length(); i++) {
        buffer.put((byte) head.charAt(i));
      }
      buffer.put(body).flip();
      out.add(buffer);
      pending += buffer.remaining();
    }

    /** Writes what is queued; closes when done and closing; sets what to wait for next. */
    void flush() throws IOException {
      if (pending > 0) {
        long written = out.size() == 1 ? channel.write(out.peek())
            : channel.write(out.toArray(new ByteBuffer[0]));
        if (written > 0) {
          since = now;
        }
        pending -= (int) written;
        while (!out.isEmpty() && !out.peek().hasRemaining()) {
          out.poll();
        }
      }
      if (pending == 0 && closing) { // while stopping, stopStep closes the idle ones
        close();
        return;
      }
      int interest = pending > 0 ? SelectionKey.OP_WRITE : waiting || inputEnded ? 0 : SelectionKey.OP_READ;
      if (key.interestOps() != interest) {
        key.interestOps(interest);
      }
    }

    void close() {
      if (open.remove(this)) {
        key.cancel();
        closeQuietly(channel);
      }
    }
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 406: return "Not Acceptable";
      case 413: return "Content Too Large";
      case 414: return "URI Too Long";
      case 417: return "Expectation Failed";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 501: return "Not Implemented";
      case 503: return "Service Unavailable";
      case 505: return "HTTP Version Not Supported";
      default: return "Status " + status;
    }
  }
}
