package dev.vitals;

import java.util.concurrent.atomic.AtomicInteger;

/** A check whose next result the test sets, counting its invocations. */
final class FakeCheck implements Check {
  private volatile Result next = Result.pass();
  private final AtomicInteger calls = new AtomicInteger();

  FakeCheck returning(Result result) {
    this.next = result;
    return this;
  }

  FakeCheck passing() {
    return returning(Result.pass());
  }

  FakeCheck failing(String output) {
    return returning(Result.fail(output));
  }

  int calls() {
    return calls.get();
  }

  @Override
  public Result check() {
    calls.incrementAndGet();
    return next;
  }
}
