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
                    pool.execute(() -> { });
                }
                assertThat(MessageDelivery.saturated(pool)).isFalse();
                pool.execute(() -> { });
                assertThat(MessageDelivery.saturated(pool)).isTrue();
                assertThat(pool.getPoolSize()).as("the unbounded queue keeps the pool at its min").isEqualTo(1);
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
}
