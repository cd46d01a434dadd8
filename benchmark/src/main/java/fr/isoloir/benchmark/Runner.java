package fr.isoloir.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs logins in closed loops (N at a time for a time slice) or paced (a fixed start rate), and tallies
 * completions, errors, wall time and the Keycloak JVM's CPU time over the same windows.
 */
final class Runner {

    /** One login of one account; throws when it fails. */
    interface Login {
        void run(Account account, Samples samples) throws Exception;
    }

    /** Accounts handed out one at a time, so no two concurrent logins share a user. */
    static final class Pool {
        private final LinkedBlockingQueue<Account> free;
        private final boolean reuse;

        Pool(List<Account> accounts, boolean reuse) {
            this.free = new LinkedBlockingQueue<>(accounts);
            this.reuse = reuse;
        }

        /** Null when a single-use pool is spent. */
        Account take() throws InterruptedException {
            return reuse ? free.take() : free.poll();
        }

        void give(Account account) {
            if (reuse) {
                free.add(account);
            }
        }
    }

    /** What one flow did at one level, summed over its slices. */
    static final class Tally {
        final String flow;
        final int concurrency;
        final Samples samples = new Samples();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        long wallNanos;
        long cpuNanos;

        Tally(String flow, int concurrency) {
            this.flow = flow;
            this.concurrency = concurrency;
        }

        double perSecond() {
            return wallNanos == 0 ? 0 : completed.get() / (wallNanos / 1e9);
        }

        double cpuSecondsPerLogin() {
            return completed.get() == 0 ? Double.NaN : cpuNanos / 1e9 / completed.get();
        }

        void failed(Exception e) {
            errors.incrementAndGet();
            if (firstErrors.size() < 5) {
                firstErrors.add(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            }
        }
    }

    private final Supplier<Duration> cpu;

    /** @param cpu the Keycloak JVM's CPU time so far */
    Runner(Supplier<Duration> cpu) {
        this.cpu = cpu;
    }

    /** {@code concurrency} logins at a time, each starting as the previous ends, for {@code length} (then they finish). */
    void closedLoop(Login login, Pool pool, int concurrency, Duration length, Tally tally) throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        measure(tally, concurrency, worker -> {
            while (System.nanoTime() < deadline) {
                if (!once(login, pool, tally)) {
                    return;
                }
            }
        });
    }

    /** Logins started at {@code perSecond}, by up to {@code workers} at a time, for {@code length}. */
    void paced(Login login, Pool pool, double perSecond, Duration length, int workers, Tally tally)
            throws InterruptedException {
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong next = new AtomicLong(start);
        measure(tally, workers, worker -> {
            while (true) {
                long at = next.getAndAdd(interval);
                if (at >= end) {
                    return;
                }
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!once(login, pool, tally)) {
                    return;
                }
            }
        });
    }

    /** Every account of a single-use pool, {@code concurrency} at a time. */
    void drain(Login login, Pool pool, int concurrency, Tally tally) throws InterruptedException {
        measure(tally, concurrency, worker -> {
            while (once(login, pool, tally)) {
                // next account
            }
        });
    }

    /** Finishes a login brought half-way earlier. */
    interface Finish {
        void run(Logins.InProgress login, Samples samples) throws Exception;
    }

    /** Finishes every login of the queue, {@code concurrency} at a time. */
    void drainStaged(java.util.Queue<Logins.InProgress> queue, Finish finish, int concurrency, Tally tally)
            throws InterruptedException {
        measure(tally, concurrency, worker -> {
            for (Logins.InProgress login = queue.poll(); login != null; login = queue.poll()) {
                Logins.InProgress current = login;
                attempt(tally, samples -> finish.run(current, samples));
            }
        });
    }

    private interface Work {
        void run(int worker) throws InterruptedException;
    }

    private void measure(Tally tally, int threads, Work work) throws InterruptedException {
        Duration cpuBefore = cpu.get();
        long start = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            running.add(Thread.ofPlatform().name(tally.flow + "-" + i).start(() -> {
                try {
                    work.run(worker);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        tally.wallNanos += System.nanoTime() - start;
        tally.cpuNanos += cpu.get().minus(cpuBefore).toNanos();
    }

    /** One login of the next account; false when the pool is spent. */
    static boolean once(Login login, Pool pool, Tally tally) throws InterruptedException {
        Account account = pool.take();
        if (account == null) {
            return false;
        }
        try {
            attempt(tally, samples -> login.run(account, samples));
        } finally {
            pool.give(account);
        }
        return true;
    }

    private interface Attempt {
        void run(Samples samples) throws Exception;
    }

    /** Counts a completed attempt with its step times, or a failure with its message. */
    private static void attempt(Tally tally, Attempt attempt) throws InterruptedException {
        try {
            Samples samples = new Samples();
            attempt.run(samples);
            tally.samples.addAll(samples);
            tally.completed.incrementAndGet();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            tally.failed(e);
        }
    }
}
