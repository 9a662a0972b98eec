package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentStoreConcurrencyTest
{
    private static final long NOW = 1_763_900_000L;
    private static final long TTL = 2_592_000L;
    private static final int READERS = 3;

    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads()
    {
        executor.shutdownNow();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersSeeEachUserEntirelyBeforeOrAfterAWrite() throws Exception
    {
        // given users cycling A -> A+B -> B -> A+B -> A, each write changing four segments at once
        final SegmentStore target = new SegmentStore(dictionary, 100, 16);
        final List<String> a = List.of("a0", "a1", "a2", "a3");
        final List<String> b = List.of("b0", "b1", "b2", "b3");
        final IntHashSet idsOfA = idsOf(a);
        final IntHashSet idsOfB = idsOf(b);
        final IntHashSet idsOfBoth = new IntHashSet();
        idsOfBoth.addAll(idsOfA);
        idsOfBoth.addAll(idsOfB);
        final String[] users = { "u-0", "u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7" };
        final AtomicBoolean writerDone = new AtomicBoolean();
        final CountDownLatch start = new CountDownLatch(1 + READERS);

        final Future<?> writer = executor.submit(() ->
        {
            start.countDown();
            await(start);
            for (int round = 0; round < 5_000; round++)
            {
                final long now = NOW + round;
                for (final String user : users)
                {
                    switch (round % 4)
                    {
                        case 0:
                            target.put(user, b, TTL, now);
                            break;
                        case 1:
                            target.put(user, a, 0, now);
                            break;
                        case 2:
                            target.put(user, a, TTL, now);
                            break;
                        default:
                            target.put(user, b, 0, now);
                            break;
                    }
                }
            }
            writerDone.set(true);
            return null;
        });

        // when
        final List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++)
        {
            readers.add(executor.submit(() ->
            {
                final IntHashSet into = new IntHashSet(64);
                long reads = 0;
                start.countDown();
                await(start);
                boolean last;
                do
                {
                    last = writerDone.get();
                    for (final String user : users)
                    {
                        into.clear();
                        target.segmentsOf(user, NOW, into);
                        reads++;
                        if (!into.isEmpty() && !into.equals(idsOfA) && !into.equals(idsOfB) && !into.equals(idsOfBoth))
                        {
                            throw new AssertionError("torn read for " + user + ": " + into);
                        }
                    }
                }
                while (!last);
                return reads;
            }));
        }

        // then
        writer.get();
        for (final Future<Long> reader : readers)
        {
            assertThat(reader.get()).isPositive();
        }
        final IntHashSet finalState = new IntHashSet();
        target.segmentsOf("u-0", NOW, finalState);
        assertThat(finalState).isEqualTo(idsOfA);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersKeepWorkingWhileWritersFillEvictAndPurgeABoundedStore() throws Exception
    {
        // given
        final int maxUsers = 64;
        final int maxSegmentsPerUser = 6;
        final SegmentStore target = new SegmentStore(dictionary, maxUsers, maxSegmentsPerUser);
        final String[] segments = { "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9" };
        final IntHashSet allIds = idsOf(List.of(segments));
        final long seed = System.nanoTime();
        System.out.println(getClass().getSimpleName() + " seed " + seed);
        final int writers = 2;
        final AtomicBoolean writersDone = new AtomicBoolean();
        final CountDownLatch start = new CountDownLatch(writers + READERS);

        final List<Future<int[]>> writerResults = new ArrayList<>();
        for (int w = 0; w < writers; w++)
        {
            final Random random = new Random(seed + w);
            writerResults.add(executor.submit(() ->
            {
                final int[] outcomes = new int[4];
                start.countDown();
                await(start);
                for (int i = 0; i < 20_000; i++)
                {
                    final long now = NOW + i / 10;
                    final String user = "u-" + random.nextInt(500);
                    final List<String> names = new ArrayList<>();
                    for (int n = random.nextInt(4); n > 0; n--)
                    {
                        names.add(segments[random.nextInt(segments.length)]);
                    }
                    final int outcome = target.put(user, names, random.nextInt(30), now);
                    outcomes[outcome >= 0 ? 0 : -outcome]++;
                    if (0 == random.nextInt(50))
                    {
                        target.remove("u-" + random.nextInt(500));
                    }
                    if (0 == random.nextInt(500))
                    {
                        target.purgeExpired(now);
                    }
                }
                return outcomes;
            }));
        }

        // when
        final List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++)
        {
            final Random random = new Random(seed - r - 1);
            readers.add(executor.submit(() ->
            {
                final IntHashSet into = new IntHashSet(64);
                long reads = 0;
                start.countDown();
                await(start);
                boolean last;
                do
                {
                    last = writersDone.get();
                    into.clear();
                    target.segmentsOf("u-" + random.nextInt(500), NOW + random.nextInt(2_000), into);
                    reads++;
                    if (into.size() > maxSegmentsPerUser || !allIds.containsAll(into))
                    {
                        throw new AssertionError("impossible segments " + into);
                    }
                    if (target.users() > maxUsers)
                    {
                        throw new AssertionError("more users than the bound: " + target.users());
                    }
                }
                while (!last);
                return reads;
            }));
        }

        // then
        final int[] outcomes = new int[4];
        for (final Future<int[]> writer : writerResults)
        {
            final int[] counts = writer.get();
            for (int i = 0; i < outcomes.length; i++)
            {
                outcomes[i] += counts[i];
            }
        }
        writersDone.set(true);
        for (final Future<Long> reader : readers)
        {
            assertThat(reader.get()).isPositive();
        }
        assertThat(outcomes[0]).as("stored, seed %d", seed).isPositive();
        assertThat(outcomes[-SegmentStore.USERS_FULL]).as("refused as full, seed %d", seed).isPositive();
        assertThat(outcomes[-SegmentStore.DICTIONARY_FULL]).isZero();
        assertThat(target.users()).isLessThanOrEqualTo(maxUsers);
    }

    private IntHashSet idsOf(final List<String> names)
    {
        final IntHashSet ids = new IntHashSet();
        for (final String name : names)
        {
            ids.add(dictionary.intern(name));
        }
        return ids;
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
