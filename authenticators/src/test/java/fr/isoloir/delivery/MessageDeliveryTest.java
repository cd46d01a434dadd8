package fr.isoloir.delivery;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MessageDeliveryTest {

    @Nested
    class TheWaitingBound {

        @Test
        void aPoolLikeKeycloaksIsSaturatedOnceMaxWaitingMessagesWaitForItsBusyThreads() throws Exception {
            // The shape of Keycloak's default executor: min threads, unbounded queue.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            CountDownLatch providerAnswers = new CountDownLatch(1);
            try {
                pool.execute(() -> await(providerAnswers));
                for (int i = 0; i < MessageDelivery.MAX_WAITING - 1; i++) {
                    pool.execute(() -> {});
                }
                assertThat(MessageDelivery.saturated(pool)).isFalse();
                pool.execute(() -> {});
                assertThat(MessageDelivery.saturated(pool)).isTrue();
                assertThat(pool.getPoolSize())
                        .as("the unbounded queue keeps the pool at its min")
                        .isEqualTo(1);
            } finally {
                providerAnswers.countDown();
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        @Test
        void anExecutorWithoutAQueueIsNeverSaturated() {
            Executor direct = Runnable::run;
            assertThat(MessageDelivery.saturated(direct)).isFalse();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Nested
    class TheSendingThreads {

        @Test
        void aPoolLeftAtKeycloaksDefaultGetsEnoughThreadsForASlowProvider() {
            ThreadPoolExecutor pool = keycloaksDefaultPool();
            try {
                assertThat(DeliveryThreads.size(pool, null)).isEqualTo(DeliveryThreads.DEFAULT_THREADS);
                assertThat(pool.getCorePoolSize()).isEqualTo(DeliveryThreads.DEFAULT_THREADS);
                assertThat(pool.getMaximumPoolSize()).isGreaterThanOrEqualTo(DeliveryThreads.DEFAULT_THREADS);
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void theOperatorsOwnSizeIsKeptEvenWhenSmaller() {
            ThreadPoolExecutor pool = keycloaksDefaultPool();
            try {
                assertThat(DeliveryThreads.size(pool, "4")).isEqualTo(4);
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void aMaximumBelowTheDefaultIsRaisedSoTheCoreSizeIsAccepted() {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            try {
                assertThat(DeliveryThreads.size(pool, null)).isEqualTo(DeliveryThreads.DEFAULT_THREADS);
                assertThat(pool.getMaximumPoolSize()).isEqualTo(DeliveryThreads.DEFAULT_THREADS);
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void anExecutorThatIsNotAPoolIsLeftAloneAndSaidSo() {
            assertThat(DeliveryThreads.size(Runnable::run, null)).isEqualTo(-1);
            assertThat(DeliveryThreads.describe(-1)).contains("managed pool");
        }

        @Test
        void theStartLineNamesTheThreadCountAndKeycloaksOption() {
            assertThat(DeliveryThreads.describe(32))
                    .contains("up to 32 threads")
                    .contains("--spi-executors--default--isoloir-delivery--min=N");
        }

        private ThreadPoolExecutor keycloaksDefaultPool() {
            return new ThreadPoolExecutor(4, 64, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }
    }
}
