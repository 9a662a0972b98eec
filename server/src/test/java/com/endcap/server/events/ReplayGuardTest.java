package com.endcap.server.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayGuardTest
{
    @Test
    void aKeyCountsOnceWithinTheWindow()
    {
        final ReplayGuard target = new ReplayGuard(1000, 100, 0);

        assertThat(target.firstTime("k", 0)).isTrue();
        assertThat(target.firstTime("k", 10)).isFalse();
        assertThat(target.firstTime("other", 10)).isTrue();
    }

    @Test
    void aKeyIsRememberedForAtLeastOneWindowAcrossRotations()
    {
        // given: seen just before the first rotation
        final ReplayGuard target = new ReplayGuard(1000, 100, 0);
        target.firstTime("k", 999);

        // then: still a replay just under a window later, past one rotation
        assertThat(target.firstTime("k", 1998)).isFalse();
    }

    @Test
    void keysAreForgottenAfterTwoWindows()
    {
        final ReplayGuard target = new ReplayGuard(1000, 100, 0);
        target.firstTime("k", 0);
        target.firstTime("x", 1000);
        target.firstTime("y", 2000);

        assertThat(target.firstTime("k", 2001)).isTrue();
    }

    @Test
    void aFullGenerationRotatesEarlyAndSaysSo()
    {
        final ReplayGuard target = new ReplayGuard(1_000_000, 2, 0);
        target.firstTime("a", 1);
        target.firstTime("b", 2);
        target.firstTime("c", 3);

        assertThat(target.earlyRotations()).isEqualTo(1);
        assertThat(target.size()).isLessThanOrEqualTo(4);
        assertThat(target.firstTime("a", 4)).isFalse();
    }
}
