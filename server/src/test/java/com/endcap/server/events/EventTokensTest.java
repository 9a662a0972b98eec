package com.endcap.server.events;

import com.endcap.bidder.campaign.BidModel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

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
}
