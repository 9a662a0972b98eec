package com.endcap.server.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TagHandlerTest
{
    private final TagHandler target = new TagHandler();

    @Test
    void theTagStaysSmall()
    {
        // The README states the size; a budget keeps it honest. No dependencies, one stylesheet.
        assertThat(target.gzippedSize()).isLessThan(8 * 1024);
        assertThat(target.size()).isGreaterThan(target.gzippedSize());
    }
}
