package org.intranet.connector.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks the assertion of the OAuth 2.0 JWT bearer grant the way Salesforce documents it: an RS256
 * signature by a trusted certificate's key, {@code iss} = consumer key, {@code sub} = username,
 * {@code aud} = login URL, and {@code exp} in the future. Accepts Base64url with or without padding,
 * because camel-salesforce 4.18 pads its segments, and {@code exp} as a number or a string of digits.
 */
final class JwtBearerVerifier {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JwtBearerVerifier() {
    }

    static void verify(String assertion, Collection<X509Certificate> trusted, String clientId, String username,
            Set<String> audiences, Instant now) throws OAuthError {
        if (assertion == null || assertion.isBlank()) {
            throw new OAuthError("invalid_request", "assertion is required for the JWT bearer grant");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
        JsonNode header = decodeJson(parts[0]);
        JsonNode claims = decodeJson(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
        if (!clientId.equals(claims.path("iss").asText())) {
            throw new OAuthError("invalid_client_id", "client identifier invalid");
        }
        if (!verifySignature(parts, trusted)) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
        if (!audiences.contains(claims.path("aud").asText())) {
            throw new OAuthError("invalid_grant", "audience is invalid");
        }
        JsonNode exp = claims.path("exp");
        if (!exp.isNumber() && !exp.asText().matches("\\d+")) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
        if (exp.asLong() <= now.getEpochSecond()) {
            throw new OAuthError("invalid_grant", "expired authorization code");
        }
        if (!username.equals(claims.path("sub").asText())) {
            throw new OAuthError("invalid_grant", "user hasn't approved this consumer");
        }
    }

    private static boolean verifySignature(String[] parts, Collection<X509Certificate> trusted) throws OAuthError {
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature = decode(parts[2]);
        for (X509Certificate certificate : trusted) {
            try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(signed);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A certificate with a non-RSA key cannot have signed this assertion, so try the next one.
            }
        }
        return false;
    }

    private static JsonNode decodeJson(String segment) throws OAuthError {
        try {
            return MAPPER.readTree(decode(segment));
        } catch (IOException e) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
    }

    private static byte[] decode(String segment) throws OAuthError {
        try {
            return Base64.getUrlDecoder().decode(segment);
        } catch (IllegalArgumentException e) {
            throw new OAuthError("invalid_grant", "invalid assertion");
        }
    }
}
