package com.endcap.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SendScheduleTest
{
    private static final long START = 5_000_000_000L;

    @Test
    void uniformTimesAreExactMultiplesOfTheGapWithoutDrift()
    {
        // given
        final SendSchedule target = new SendSchedule(SendSchedule.Arrivals.UNIFORM, 30_000, START, 1);

        // when
        final long first = target.next();
        final long second = target.next();
        long last = second;
        for (int i = 2; i < 3_000_000; i++)
        {
            last = target.next();
        }

        // then: 1e9 / 30,000 is 33,333.3 ns; the 3,000,000th send is 2,999,999 gaps in, rounded once, not 3M times
        assertThat(first).isEqualTo(START);
        assertThat(second).isEqualTo(START + 33_333);
        assertThat(last).isEqualTo(START + 99_999_966_666L);
        assertThat(target.count()).isEqualTo(3_000_000);
    }

    @Test
    void poissonGapsAreExponentialWithTheRatesMean()
    {
        // given
        final double rate = 20_000;
        final SendSchedule target = new SendSchedule(SendSchedule.Arrivals.POISSON, rate, START, 42);
        final int n = 1_000_000;

        // when
        long previous = target.next();
        double sum = 0;
        double sumOfSquares = 0;
        long shorterThanMean = 0;
        for (int i = 1; i < n; i++)
        {
            final long next = target.next();
            final double gap = next - previous;
            assertThat(gap).isGreaterThanOrEqualTo(0);
            sum += gap;
            sumOfSquares += gap * gap;
            shorterThanMean += gap < 1e9 / rate ? 1 : 0;
            previous = next;
        }

        // then: mean 1/rate, standard deviation equal to the mean, P(gap < mean) = 1 - 1/e
        final double mean = sum / (n - 1);
        final double deviation = Math.sqrt(sumOfSquares / (n - 1) - mean * mean);
        assertThat(mean).isCloseTo(1e9 / rate, within(0.01 * 1e9 / rate));
        assertThat(deviation / mean).isCloseTo(1.0, within(0.01));
        assertThat((double)shorterThanMean / (n - 1)).isCloseTo(1 - Math.exp(-1), within(0.005));
    }

    @Test
    void aRateOfZeroIsRefused()
    {
        assertThatThrownBy(() -> new SendSchedule(SendSchedule.Arrivals.UNIFORM, 0, START, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    }
}
