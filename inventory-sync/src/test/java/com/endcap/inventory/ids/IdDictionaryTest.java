package com.endcap.inventory.ids;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdDictionaryTest
{
    @TempDir
    Path dir;

    @Test
    void internIssuesDenseIdsOnceEach()
    {
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            assertThat(target.intern("100871")).isZero();
            assertThat(target.intern("100872")).isEqualTo(1);
            assertThat(target.intern("100871")).isZero();
            assertThat(target.nameOf(1)).isEqualTo("100872");
            assertThat(target.idOf("nope")).isEqualTo(IdDictionary.MISSING);
            assertThat(target.nameOf(2)).isNull();
            assertThat(target.size()).isEqualTo(2);
        }
    }

    @Test
    void idsAreStableAcrossReopen()
    {
        try (IdDictionary first = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            first.intern("a");
            first.intern("b");
        }

        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            assertThat(target.idOf("b")).isEqualTo(1);
            assertThat(target.intern("c")).isEqualTo(2);
        }
    }

    @Test
    void aLineCutShortByACrashIsDroppedOnOpen() throws Exception
    {
        final Path file = dir.resolve("skus.ids");
        Files.writeString(file, "a\nb\npartial", StandardCharsets.UTF_8);

        try (IdDictionary target = IdDictionary.openWritable(file))
        {
            assertThat(target.size()).isEqualTo(2);
            assertThat(target.intern("c")).isEqualTo(2);
        }
        assertThat(Files.readString(file)).isEqualTo("a\nb\nc\n");
    }

    @Test
    void aReaderSeesIdsTheWriterAddsLater()
    {
        try (IdDictionary writer = IdDictionary.openWritable(dir.resolve("skus.ids"));
            IdDictionary reader = IdDictionary.openReadOnly(dir.resolve("skus.ids")))
        {
            writer.intern("late");

            assertThat(reader.idOf("late")).isZero();
            assertThat(reader.nameOf(0)).isEqualTo("late");
            assertThatThrownBy(() -> reader.intern("never")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aReaderIgnoresAnUnfinishedLine() throws Exception
    {
        final Path file = dir.resolve("skus.ids");
        Files.writeString(file, "a\n", StandardCharsets.UTF_8);
        try (IdDictionary reader = IdDictionary.openReadOnly(file))
        {
            Files.writeString(file, "hal", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

            assertThat(reader.idOf("hal")).isEqualTo(IdDictionary.MISSING);

            Files.writeString(file, "f\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            assertThat(reader.idOf("half")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\there", "line\nbreak"})
    void internRejectsIdsThatCannotBeStoredOneALine(final String bad)
    {
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            assertThatThrownBy(() -> target.intern(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThat(target.size()).isZero();
        }
    }

    @Test
    void internRejectsOverlongIds()
    {
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            assertThatThrownBy(() -> target.intern("x".repeat(IdDictionary.MAX_ID_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void knownIdOfFindsInternedIdsFromACharSliceWithoutAddingAny()
    {
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            // given
            target.intern("100871");
            target.intern("S042");
            final char[] chars = "xx100871S042S04".toCharArray();

            // when / then
            assertThat(target.knownIdOf(chars, 2, 6)).isZero();
            assertThat(target.knownIdOf(chars, 8, 4)).isEqualTo(1);
            assertThat(target.knownIdOf(chars, 8, 3)).isEqualTo(IdDictionary.MISSING);
            assertThat(target.knownIdOf(chars, 0, 0)).isEqualTo(IdDictionary.MISSING);
            assertThat(target.size()).isEqualTo(2);
        }
    }

    @Test
    void knownIdOfDoesNotReadTheFileAgainButInternDoes()
    {
        try (IdDictionary writer = IdDictionary.openWritable(dir.resolve("skus.ids"));
            IdDictionary reader = IdDictionary.openReadOnly(dir.resolve("skus.ids")))
        {
            // given
            writer.intern("late");

            // when / then
            assertThat(reader.knownIdOf("late".toCharArray(), 0, 4)).isEqualTo(IdDictionary.MISSING);
            assertThat(reader.intern("late")).isZero();
            assertThat(reader.knownIdOf("late".toCharArray(), 0, 4)).isZero();
        }
    }

    @Test
    void lookupsAgreeWithIssuedIdsAcrossManyGrowths()
    {
        // given
        final long seed = System.nanoTime();
        System.out.println("IdDictionaryTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> names = new ArrayList<>();
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            // when
            for (int i = 0; i < 20_000; i++)
            {
                final String name = random.nextBoolean() ? Integer.toString(1_000_000 + i) : "sku-" + random.nextLong();
                assertThat(target.intern(name)).as("seed %d", seed).isEqualTo(names.size());
                names.add(name);
            }

            // then
            for (int id = 0; id < names.size(); id++)
            {
                final String name = names.get(id);
                final char[] padded = ("#" + name + "#").toCharArray();
                assertThat(target.idOf(name)).as("seed %d", seed).isEqualTo(id);
                assertThat(target.intern(new String(name))).isEqualTo(id);
                assertThat(target.knownIdOf(padded, 1, name.length())).as("seed %d", seed).isEqualTo(id);
                assertThat(target.idOf(name + "x")).isEqualTo(IdDictionary.MISSING);
            }
            assertThat(target.size()).isEqualTo(names.size());
        }
        try (IdDictionary reopened = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            for (int id = 0; id < names.size(); id++)
            {
                assertThat(reopened.idOf(names.get(id))).isEqualTo(id);
            }
        }
    }

    @Test
    void aNameTwiceInTheFileResolvesToItsLastLine() throws Exception
    {
        // given: not written by intern, but a file edited by hand may hold it
        final Path file = dir.resolve("skus.ids");
        Files.writeString(file, "a\nb\na\n", StandardCharsets.UTF_8);

        try (IdDictionary target = IdDictionary.openWritable(file))
        {
            // when / then
            assertThat(target.idOf("a")).isEqualTo(2);
            assertThat(target.knownIdOf("a".toCharArray(), 0, 1)).isEqualTo(2);
            assertThat(target.nameOf(0)).isEqualTo("a");
            assertThat(target.idOf("b")).isEqualTo(1);
        }
    }

    @Test
    void problemWithCharsAnswersAsProblemWithString()
    {
        // given
        final long seed = System.nanoTime();
        System.out.println("IdDictionaryTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final char[] alphabet = {'a', '7', '\t', '\n', '\r', '\u00e9', '\u20ac', '\ud83d', '\ude00', '\ud800', '\udfff'};

        for (int i = 0; i < 20_000; i++)
        {
            final int length = random.nextInt(4) == 0 ? random.nextInt(80, 270) : random.nextInt(12);
            final StringBuilder name = new StringBuilder();
            for (int c = 0; c < length; c++)
            {
                name.append(random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : 'x');
            }
            final String text = name.toString();
            final char[] padded = ("\ud83d" + text + "\ude00").toCharArray();

            // when / then
            assertThat(IdDictionary.problemWith(padded, 1, text.length()))
                .as("seed %d, %s", seed, text).isEqualTo(IdDictionary.problemWith(text));
        }
    }

    @Test
    void problemWithCharsCountsUtf8BytesAsStringDoes()
    {
        // given: 85 three-byte chars are 255 bytes, 86 are 258; a pair is 4 bytes; a lone surrogate 1 ('?')
        final String[] names = {
            "\u20ac".repeat(85) + "x", "\u20ac".repeat(86), "\ud83d\ude00".repeat(64), "\ud83d\ude00".repeat(64) + "x",
            "\ud800".repeat(256), "\ud800".repeat(257), "\udfff\ud800".repeat(128), "x".repeat(256), "x".repeat(257),
        };

        for (final String name : names)
        {
            // when / then
            assertThat(IdDictionary.problemWith(name.toCharArray(), 0, name.length()))
                .as("%d chars", name.length()).isEqualTo(IdDictionary.problemWith(name));
        }
        assertThat(IdDictionary.problemWith("x".repeat(257).toCharArray(), 0, 257)).isEqualTo("must be at most 256 bytes in UTF-8");
    }

    @Test
    @Timeout(60)
    void threadsInterningTheSameNewNamesAgreeOnTheirIds() throws Exception
    {
        // given
        final int threadCount = 4;
        final int namesCount = 20_000;
        final ExecutorService pool = Executors.newFixedThreadPool(threadCount);
        try (IdDictionary target = IdDictionary.openWritable(dir.resolve("skus.ids")))
        {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threadCount; t++)
            {
                final boolean byChars = t % 2 == 0;
                results.add(pool.submit(() ->
                {
                    start.await();
                    final int[] ids = new int[namesCount];
                    for (int i = 0; i < namesCount; i++)
                    {
                        final String name = "n" + i;
                        // a reader that found nothing interns; whatever it finds must be the name's id
                        final int seen = byChars ? target.knownIdOf(name.toCharArray(), 0, name.length()) : target.idOf(name);
                        ids[i] = target.intern(name);
                        if (IdDictionary.MISSING != seen && seen != ids[i])
                        {
                            throw new AssertionError(name + " looked up as " + seen + " but interned as " + ids[i]);
                        }
                    }
                    return ids;
                }));
            }

            // when
            start.countDown();

            // then
            final int[] first = results.get(0).get();
            for (final Future<int[]> result : results)
            {
                assertThat(result.get()).containsExactly(first);
            }
            assertThat(target.size()).isEqualTo(namesCount);
            for (int i = 0; i < namesCount; i++)
            {
                assertThat(target.nameOf(first[i])).isEqualTo("n" + i);
            }
        }
        finally
        {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
