package org.intranet.connector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Access tokens and token-response signatures shaped like Salesforce's. */
final class TokenFactory {

    private static final String TOKEN_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFactory() {
    }

    /** Returns "<15-character org id>!<96 random characters>", the layout of a Salesforce session id. */
    static String newAccessToken(String orgId18) {
        StringBuilder token = new StringBuilder(orgId18.substring(0, 15)).append('!');
        for (int i = 0; i < 96; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    /** Returns Base64(HMAC-SHA256(id + issued_at)) keyed with the client secret, as Salesforce signs responses. */
    static String signature(String identityUrl, String issuedAt, String clientSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((identityUrl + issuedAt).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
