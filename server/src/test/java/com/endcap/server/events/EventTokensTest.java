package com.endcap.server.events;

import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.segment.Allocations;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class EventTokensTest
{
    private static final long NOW = 1_763_900_000L;

    private final EventTokens target = new EventTokens("a-signing-key-of-some-length");

    private String sign(final EventTokens tokens, final EventTokens.Claims claims)
    {
        final byte[] out = new byte[EventTokens.maxTokenLength()];
        final int length = tokens.sign(claims, out, 0);
        return new String(out, 0, length, StandardCharsets.US_ASCII);
    }

    private static EventTokens.Claims claims(final String userKey, final long expiry)
    {
        return new EventTokens.Claims("0123456789abcdef0123456789abcdef", "cmp-3", "ad-17", "100871", "S042", userKey,
            BidModel.CPC, 0.42, expiry);
    }

    @Test
    void signedClaimsVerifyBackUnchanged()
    {
        // given
        final EventTokens.Claims claims = claims("u-8812", NOW + 3600);

        // when
        final EventTokens.Verified verified = target.verify(sign(target, claims), NOW);

        // then
        assertThat(verified.verdict()).isEqualTo(EventTokens.Verdict.VALID);
        assertThat(verified.claims()).isEqualTo(claims);
    }

    @Test
    void tokensAreUrlSafe()
    {
        assertThat(sign(target, claims("ü/ser+key=?&", NOW + 3600))).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void nonAsciiAndMissingUserKeysSurvive()
    {
        assertThat(target.verify(sign(target, claims("Zoë-名前", NOW + 10)), NOW).claims().userKey()).isEqualTo("Zoë-名前");
        assertThat(target.verify(sign(target, claims(null, NOW + 10)), NOW).claims().userKey()).isNull();
    }

    @Test
    void everyFlippedCharacterIsRefused()
    {
        // given
        final String token = sign(target, claims("u-8812", NOW + 3600));

        // then
        for (int i = 0; i < token.length(); i++)
        {
            final char c = token.charAt(i);
            final String tampered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThat(target.verify(tampered, NOW).verdict()).as("flip at " + i).isNotEqualTo(EventTokens.Verdict.VALID);
        }
    }

    @Test
    void anotherKeysTokensAreRefused()
    {
        final String token = sign(new EventTokens("some-other-signing-key"), claims("u-8812", NOW + 3600));

        assertThat(target.verify(token, NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
    }

    @Test
    void expiredTokensSayExpired()
    {
        final String token = sign(target, claims("u-8812", NOW));

        assertThat(target.verify(token, NOW).verdict()).isEqualTo(EventTokens.Verdict.VALID);
        assertThat(target.verify(token, NOW + 1).verdict()).isEqualTo(EventTokens.Verdict.EXPIRED);
    }

    @Test
    void garbageIsInvalid()
    {
        assertThat(target.verify(null, NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
        assertThat(target.verify("", NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
        assertThat(target.verify("not base64 !", NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
        assertThat(target.verify("AAAA", NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
        final String token = sign(target, claims("u", NOW + 1));
        assertThat(target.verify(token.substring(0, token.length() - 4), NOW).verdict()).isEqualTo(EventTokens.Verdict.INVALID);
    }

    private static String randomText(final SplittableRandom random, final int length)
    {
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.append(switch (random.nextInt(4))
            {
                case 0 -> (char)random.nextInt(0x20, 0x7F);
                case 1 -> (char)random.nextInt(0xA0, 0x800);
                case 2 -> (char)random.nextInt(0x4E00, 0x9FFF);
                default -> (char)random.nextInt('a', 'z' + 1);
            });
        }
        return text.toString();
    }

    @Test
    void macIsTheJdksHmacSha256ForRandomKeysAndClaims() throws Exception
    {
        final long seed = System.nanoTime();
        System.out.println("EventTokensTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++)
        {
            // given: keys from 16 characters to several SHA-256 blocks of UTF-8, hashed first when longer than one
            final String key = randomText(random, 16 + random.nextInt(120));
            final EventTokens tokens = new EventTokens(key);
            final EventTokens.Claims claims = new EventTokens.Claims(randomText(random, 32), randomText(random, random.nextInt(40)),
                randomText(random, random.nextInt(40)), randomText(random, random.nextInt(20)), randomText(random, random.nextInt(10)),
                random.nextBoolean() ? null : randomText(random, 1 + random.nextInt(300)), random.nextBoolean() ? BidModel.CPC : BidModel.CPM,
                random.nextDouble() * 10, NOW + random.nextInt(100_000));

            // when
            final String token = sign(tokens, claims);

            // then
            final byte[] raw = Base64.getUrlDecoder().decode(token);
            final byte[] payload = Arrays.copyOf(raw, raw.length - EventTokens.MAC_BYTES);
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final byte[] expected = Arrays.copyOf(mac.doFinal(payload), EventTokens.MAC_BYTES);
            assertThat(Arrays.copyOfRange(raw, payload.length, raw.length)).as("key %s, seed %d", key, seed).isEqualTo(expected);
            final EventTokens.Verified verified = tokens.verify(token, NOW);
            assertThat(verified.verdict()).isEqualTo(EventTokens.Verdict.VALID);
            assertThat(verified.claims()).isEqualTo(claims);
        }
    }

    @Test
    void signingAllocatesNothingInSteadyState()
    {
        // given
        final byte[] out = new byte[EventTokens.maxTokenLength()];
        final StringBuilder decisionId = new StringBuilder("0123456789abcdef0123456789abcdef");
        final Runnable sign = () -> target.sign(decisionId, "cmp-3", "ad-17", "100871", "S042", "u-8812", BidModel.CPC, 0.42,
            NOW + 3600, out, 0);

        // when
        final long bytes = Allocations.bytesAllocatedBy(10_000, sign);

        // then
        System.out.println("EventTokensTest: signing allocated " + bytes + " bytes over 10000 tokens");
        assertThat((double)bytes / 10_000).as("bytes per token (%d over 10000)", bytes).isLessThan(1.0);
    }
}
