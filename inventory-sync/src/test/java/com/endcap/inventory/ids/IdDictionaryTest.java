package com.endcap.inventory.ids;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
}
