package com.endcap.server.events;

import com.endcap.bidder.campaign.BidModel;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Event URL tokens: what was shown (decision id, campaign, ad, sku, location, the shopper's key,
 * how it pays and at what price) and until when the URL is valid, signed with HMAC-SHA256 under the
 * configured key so a tampered or forged token is refused.
 * <p>
 * Token = base64url(payload ‖ first 16 bytes of HMAC-SHA256(key, payload)), payload = version,
 * expiry (epoch second), model, clearing price, then the strings as length-prefixed UTF-8. One
 * token serves the impression, view and click URLs of a decision; the URL's path says which event.
 * <p>
 * Threads: any; each thread signs with its own SHA-256 digest and scratch buffers. The HMAC
 * (RFC 2104) is computed over that digest directly rather than through {@code javax.crypto.Mac},
 * whose {@code doFinal} allocates a 32-byte array per call, so signing allocates nothing.
 */
public final class EventTokens
{
    /** Bytes of the truncated HMAC. */
    public static final int MAC_BYTES = 16;
    /** Longest token payload. */
    public static final int MAX_PAYLOAD = 4096;

    private static final byte VERSION = 1;

    /** Why a token was refused, or that it was fine. */
    public enum Verdict
    {
        /** Signature and expiry fine. */
        VALID,
        /** Not a token: bad encoding, bad signature, bad payload. */
        INVALID,
        /** Signed by us but past its expiry. */
        EXPIRED
    }

    /**
     * What a token says.
     *
     * @param decisionId           the decision (response) id.
     * @param campaignId           campaign.
     * @param adId                 ad.
     * @param sku                  sku shown.
     * @param locationCode         store or warehouse shown.
     * @param userKey              the shopper's key, or null.
     * @param model                how the ad pays.
     * @param clearingPrice        what it cleared at.
     * @param expiresAtEpochSecond when the token stops being valid.
     */
    public record Claims(
        String decisionId, String campaignId, String adId, String sku, String locationCode, String userKey,
        BidModel model, double clearingPrice, long expiresAtEpochSecond)
    {
    }

    /** The result of {@link #verify}: a verdict and, when valid or expired, the claims. */
    public record Verified(Verdict verdict, Claims claims)
    {
    }

    private final ThreadLocal<Signer> signers;

    /**
     * @param signingKey the secret, 16 characters or more.
     */
    public EventTokens(final String signingKey)
    {
        if (null == signingKey || signingKey.length() < 16)
        {
            throw new IllegalArgumentException("signing key must be at least 16 characters");
        }
        final byte[] key = signingKey.getBytes(StandardCharsets.UTF_8);
        this.signers = ThreadLocal.withInitial(() -> new Signer(key));
    }

    /**
     * Signs claims into a token, appended as ASCII bytes to {@code out} at {@code offset}.
     *
     * @param claims what the token says.
     * @param out    where to write the token.
     * @param offset where in {@code out}; it needs {@link #maxTokenLength()} bytes of room.
     * @return bytes written.
     */
    public int sign(final Claims claims, final byte[] out, final int offset)
    {
        return sign(claims.decisionId(), claims.campaignId(), claims.adId(), claims.sku(), claims.locationCode(),
            claims.userKey(), claims.model(), claims.clearingPrice(), claims.expiresAtEpochSecond(), out, offset);
    }

    /**
     * Signs without building a {@link Claims}: the decision path's form.
     *
     * @param decisionId           decision id.
     * @param campaignId           campaign.
     * @param adId                 ad.
     * @param sku                  sku.
     * @param locationCode         location code.
     * @param userKey              shopper's key, or null.
     * @param model                bid model.
     * @param clearingPrice        clearing price.
     * @param expiresAtEpochSecond expiry.
     * @param out                  where to write the token (ASCII).
     * @param offset               where in {@code out}.
     * @return bytes written.
     */
    public int sign(
        final CharSequence decisionId, final String campaignId, final String adId, final String sku, final String locationCode,
        final String userKey, final BidModel model, final double clearingPrice, final long expiresAtEpochSecond,
        final byte[] out, final int offset)
    {
        final Signer signer = signers.get();
        final byte[] raw = signer.raw;
        int p = 0;
        raw[p++] = VERSION;
        p = putLong(raw, p, expiresAtEpochSecond);
        raw[p++] = (byte)(BidModel.CPC == model ? 1 : 0);
        p = putLong(raw, p, Double.doubleToLongBits(clearingPrice));
        p = putString(raw, p, decisionId);
        p = putString(raw, p, campaignId);
        p = putString(raw, p, adId);
        p = putString(raw, p, sku);
        p = putString(raw, p, locationCode);
        p = putString(raw, p, null == userKey ? "" : userKey);
        signer.mac(raw, p, raw, p);
        final int rawLength = p + MAC_BYTES;
        return encodeBase64Url(raw, rawLength, out, offset);
    }

    /**
     * @return the longest token {@link #sign} writes.
     */
    public static int maxTokenLength()
    {
        return ((MAX_PAYLOAD + MAC_BYTES + 2) / 3) * 4;
    }

    /**
     * Checks a token's signature and expiry.
     *
     * @param token          the token from the URL, may be null.
     * @param nowEpochSecond the current time.
     * @return the verdict, with the claims unless invalid.
     */
    public Verified verify(final String token, final long nowEpochSecond)
    {
        if (null == token || token.isEmpty() || token.length() > maxTokenLength())
        {
            return new Verified(Verdict.INVALID, null);
        }
        final byte[] raw;
        try
        {
            raw = Base64.getUrlDecoder().decode(token);
        }
        catch (final IllegalArgumentException ex)
        {
            return new Verified(Verdict.INVALID, null);
        }
        if (raw.length < 1 + 8 + 1 + 8 + MAC_BYTES || raw[0] != VERSION)
        {
            return new Verified(Verdict.INVALID, null);
        }
        final int payload = raw.length - MAC_BYTES;
        final byte[] expected = new byte[MAC_BYTES];
        signers.get().mac(raw, payload, expected, 0);
        if (!MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(raw, payload, raw.length)))
        {
            return new Verified(Verdict.INVALID, null);
        }
        try
        {
            final int[] p = {1};
            final long expiry = getLong(raw, p);
            final BidModel model = raw[p[0]++] == 1 ? BidModel.CPC : BidModel.CPM;
            final double price = Double.longBitsToDouble(getLong(raw, p));
            final String decisionId = getString(raw, p, payload);
            final String campaignId = getString(raw, p, payload);
            final String adId = getString(raw, p, payload);
            final String sku = getString(raw, p, payload);
            final String location = getString(raw, p, payload);
            final String user = getString(raw, p, payload);
            if (p[0] != payload)
            {
                return new Verified(Verdict.INVALID, null);
            }
            final Claims claims = new Claims(
                decisionId, campaignId, adId, sku, location, user.isEmpty() ? null : user, model, price, expiry);
            return new Verified(nowEpochSecond > expiry ? Verdict.EXPIRED : Verdict.VALID, claims);
        }
        catch (final ArrayIndexOutOfBoundsException ex)
        {
            return new Verified(Verdict.INVALID, null);
        }
    }

    private static final byte[] ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    /** Base64url without padding, as {@link Base64#getUrlDecoder()} reads it; no allocation. */
    private static int encodeBase64Url(final byte[] src, final int length, final byte[] out, final int offset)
    {
        int o = offset;
        int i = 0;
        for (; i + 3 <= length; i += 3)
        {
            final int bits = ((src[i] & 0xFF) << 16) | ((src[i + 1] & 0xFF) << 8) | (src[i + 2] & 0xFF);
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3F];
            out[o++] = ALPHABET[(bits >>> 6) & 0x3F];
            out[o++] = ALPHABET[bits & 0x3F];
        }
        final int left = length - i;
        if (1 == left)
        {
            final int bits = (src[i] & 0xFF) << 16;
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3F];
        }
        else if (2 == left)
        {
            final int bits = ((src[i] & 0xFF) << 16) | ((src[i + 1] & 0xFF) << 8);
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 0x3F];
            out[o++] = ALPHABET[(bits >>> 6) & 0x3F];
        }
        return o - offset;
    }

    private static int putLong(final byte[] b, final int p, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[p + i] = (byte)(v >>> (56 - 8 * i));
        }
        return p + 8;
    }

    private static long getLong(final byte[] b, final int[] p)
    {
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | (b[p[0] + i] & 0xFF);
        }
        p[0] += 8;
        return v;
    }

    private static int putString(final byte[] b, final int p, final CharSequence s)
    {
        if (p + 2 + 3 * s.length() > MAX_PAYLOAD)
        {
            throw new IllegalArgumentException("event token payload over " + MAX_PAYLOAD + " bytes");
        }
        int q = p + 2;
        for (int i = 0, n = s.length(); i < n; i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                b[q++] = (byte)c;
            }
            else if (c < 0x800)
            {
                b[q++] = (byte)(0xC0 | (c >> 6));
                b[q++] = (byte)(0x80 | (c & 0x3F));
            }
            else
            {
                // Surrogates are written unit by unit (CESU-8); the decoder reads them back the same way.
                b[q++] = (byte)(0xE0 | (c >> 12));
                b[q++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                b[q++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        final int length = q - p - 2;
        b[p] = (byte)(length >>> 8);
        b[p + 1] = (byte)length;
        return q;
    }

    private static String getString(final byte[] b, final int[] p, final int end)
    {
        final int length = ((b[p[0]] & 0xFF) << 8) | (b[p[0] + 1] & 0xFF);
        final int start = p[0] + 2;
        if (start + length > end)
        {
            throw new ArrayIndexOutOfBoundsException("string past the payload");
        }
        final StringBuilder text = new StringBuilder(length);
        int i = start;
        while (i < start + length)
        {
            final int c = b[i] & 0xFF;
            if (c < 0x80)
            {
                text.append((char)c);
                i += 1;
            }
            else if (c < 0xE0)
            {
                text.append((char)(((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 2;
            }
            else
            {
                text.append((char)(((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                i += 3;
            }
        }
        p[0] = start + length;
        return text.toString();
    }

    /**
     * One thread's HMAC-SHA256 and buffers. HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), K'
     * the key padded with zeros to SHA-256's 64-byte block (hashed first when longer). Both padded
     * keys are computed once; each MAC feeds them to the one reused digest again, as the JDK's
     * {@code HmacCore} does, and finishes into {@link #digest} instead of a new array.
     */
    private static final class Signer
    {
        private static final int BLOCK_BYTES = 64;
        private static final int DIGEST_BYTES = 32;

        final MessageDigest sha256;
        final byte[] innerPad = new byte[BLOCK_BYTES];
        final byte[] outerPad = new byte[BLOCK_BYTES];
        final byte[] raw = new byte[MAX_PAYLOAD + MAC_BYTES];
        final byte[] digest = new byte[DIGEST_BYTES];

        Signer(final byte[] key)
        {
            try
            {
                sha256 = MessageDigest.getInstance("SHA-256");
            }
            catch (final NoSuchAlgorithmException ex)
            {
                throw new IllegalStateException("SHA-256 is not available", ex);
            }
            final byte[] k = key.length > BLOCK_BYTES ? sha256.digest(key) : key;
            for (int i = 0; i < BLOCK_BYTES; i++)
            {
                final byte b = i < k.length ? k[i] : 0;
                innerPad[i] = (byte)(b ^ 0x36);
                outerPad[i] = (byte)(b ^ 0x5c);
            }
        }

        void mac(final byte[] payload, final int length, final byte[] out, final int offset)
        {
            final MessageDigest sha = sha256;
            try
            {
                sha.update(innerPad, 0, BLOCK_BYTES);
                sha.update(payload, 0, length);
                sha.digest(digest, 0, DIGEST_BYTES);
                sha.update(outerPad, 0, BLOCK_BYTES);
                sha.update(digest, 0, DIGEST_BYTES);
                sha.digest(digest, 0, DIGEST_BYTES);
            }
            catch (final DigestException ex)
            {
                throw new IllegalStateException(ex);
            }
            System.arraycopy(digest, 0, out, offset, MAC_BYTES);
        }
    }
}
