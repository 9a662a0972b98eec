package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.BidModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static com.endcap.bidder.decision.DecisionFixture.MAIN_ST;
import static com.endcap.bidder.decision.DecisionFixture.NOW;
import static com.endcap.bidder.decision.DecisionFixture.ad;
import static com.endcap.bidder.decision.DecisionFixture.campaign;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several threads decide at once, each with its own result, while another republishes the index
 * (campaigns paused and resumed) and events move the ledger: every decision reads one consistent
 * index and no thread sees another's scratch.
 */
class DecisionConcurrencyTest
{
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void decisionsOnManyThreadsStayConsistentWhileTheIndexChanges() throws Exception
    {
        // given: ten campaigns over ten products, all in stock
        final DecisionFixture fixture = new DecisionFixture();
        for (int i = 0; i < 10; i++)
        {
            fixture.product("sku-" + i, "pet/food", 1000 + i);
            fixture.stock("sku-" + i, MAIN_ST, 50);
            fixture.campaign(campaign("cmp-" + i).ad(ad("ad-" + i).skus("sku-" + i).bid(BidModel.CPM, 1 + i)).build());
        }
        final DecisionEngine engine = fixture.engine();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong decisions = new AtomicLong();
        final CountDownLatch started = new CountDownLatch(4);

        // when: four deciding threads
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++)
        {
            final String user = "user-" + t;
            threads.add(new Thread(() ->
            {
                final DecisionRequest request = DecisionFixture.requestAtMainSt("product_sidebar", 3).userKey(user);
                request.addPlacement("p2", "product_sidebar", 2);
                final DecisionResult result = new DecisionResult();
                started.countDown();
                try
                {
                    while (running.get())
                    {
                        engine.decide(request, result);
                        final java.util.Set<String> skus = new java.util.HashSet<>();
                        for (int p = 0; p < result.placementCount(); p++)
                        {
                            for (int k = 0; k < result.winnerCount(p); k++)
                            {
                                final AdDecision winner = result.winner(p, k);
                                assertThat(skus.add(winner.product().sku())).as("a sku twice in one response").isTrue();
                                assertThat(winner.product().sku()).isEqualTo("sku-" + winner.ad().adId().substring(3));
                                assertThat(winner.location()).isEqualTo(MAIN_ST);
                                if (k > 0)
                                {
                                    assertThat(winner.score()).isLessThanOrEqualTo(result.winner(p, k - 1).score());
                                }
                            }
                        }
                        fixture.ledger().recordImpression("cmp-0", "ad-0", user, BidModel.CPM, 1.0, NOW);
                        decisions.incrementAndGet();
                    }
                }
                catch (final Throwable ex)
                {
                    failure.compareAndSet(null, ex);
                }
            }, "decider-" + t));
        }
        threads.forEach(Thread::start);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // and: campaigns paused and resumed meanwhile, each change republishing the index
        for (int round = 0; round < 200 && null == failure.get(); round++)
        {
            final int i = round % 10;
            fixture.campaign(campaign("cmp-" + i).active(round % 20 < 10).ad(ad("ad-" + i).skus("sku-" + i)
                .bid(BidModel.CPM, 1 + i)).build());
        }
        running.set(false);
        for (final Thread thread : threads)
        {
            thread.join();
        }

        // then
        assertThat(failure.get()).isNull();
        assertThat(decisions.get()).isPositive();
        assertThat(fixture.ledger().adOrNull("ad-0").impressions()).isEqualTo(decisions.get());
    }
}
