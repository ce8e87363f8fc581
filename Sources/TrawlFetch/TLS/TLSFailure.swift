internal import CCurl

/// A TLS failure in trawl's words: the cause first ("TLS certificate expired", "TLS unknown CA"), which is the
/// error kind `trawl status` and the summary count by, then what to do, then curl's own text.
///
/// curl 7.88 with OpenSSL reports every failed certificate check as CURLE_PEER_FAILED_VERIFICATION; the cause
/// is OpenSSL's verify result (CURLINFO_SSL_VERIFYRESULT, an `X509_V_ERR_*` number of `x509_vfy.h`). A host
/// name that the certificate does not cover is checked by curl itself after the handshake
/// (`Curl_ossl_verifyhost`), which leaves no X509 code (the result reads 1) and says "subject name".
enum TLSFailure {
    /// OpenSSL's `X509_V_ERR_*` values (stable across OpenSSL 1.1 and 3).
    enum VerifyResult {
        static let unableToGetIssuer = 2
        static let notYetValid = 9
        static let expired = 10
        static let selfSignedLeaf = 18
        static let selfSignedInChain = 19
        static let unableToGetIssuerLocally = 20
        static let unableToVerifyLeaf = 21
        static let revoked = 23
        static let hostnameMismatch = 62
        static let ipAddressMismatch = 64
    }

    static let trustHint = "trust its CA with --ca-cert FILE, or skip the check with --insecure"

    /// The failure for a TLS-related CURLcode; nil for any other code.
    static func describe(_ code: CURLcode, verifyResult: Int, curl: String) -> FetchFailure? {
        switch code {
        case CURLE_PEER_FAILED_VERIFICATION:
            return certificate(verifyResult: verifyResult, curl: curl)
        case CURLE_SSL_CONNECT_ERROR:
            // Before any certificate was judged: no protocol or cipher in common, a reset, not TLS at all.
            // Retryable (`.connect`): a reset mid-handshake may not happen again.
            return FetchFailure(.connect, "TLS handshake failed", detail: curl)
        case CURLE_SSL_CACERT_BADFILE:
            return FetchFailure(.tls, "TLS CA file unusable: check --ca-cert, SSL_CERT_FILE and SSL_CERT_DIR",
                                detail: curl)
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return FetchFailure(.tls, "TLS error", detail: curl)
        default:
            return nil
        }
    }

    private static func certificate(verifyResult: Int, curl: String) -> FetchFailure {
        // curl's own host name check leaves its verify result at 1 (not an X509_V_ERR code) in 7.88: its
        // message is the evidence ("no alternative certificate subject name matches target host name").
        if curl.contains("subject name") { return hostnameMismatch(curl: curl) }
        switch verifyResult {
        case VerifyResult.expired:
            return FetchFailure(.tls, "TLS certificate expired: the server's certificate is past its end date",
                                detail: curl)
        case VerifyResult.notYetValid:
            return FetchFailure(.tls, "TLS certificate not yet valid: the server's certificate starts later "
                                + "(or this machine's clock is behind)", detail: curl)
        case VerifyResult.selfSignedLeaf:
            return FetchFailure(.tls, "TLS unknown CA: the server's certificate is self-signed (\(trustHint))",
                                detail: curl)
        case VerifyResult.selfSignedInChain, VerifyResult.unableToGetIssuer, VerifyResult.unableToGetIssuerLocally,
             VerifyResult.unableToVerifyLeaf:
            return FetchFailure(.tls, "TLS unknown CA: the certificate's issuer is not a trusted CA (\(trustHint))",
                                detail: curl)
        case VerifyResult.hostnameMismatch, VerifyResult.ipAddressMismatch:
            return hostnameMismatch(curl: curl)
        case VerifyResult.revoked:
            return FetchFailure(.tls, "TLS certificate revoked", detail: curl)
        default:
            return FetchFailure(.tls, "TLS certificate rejected: OpenSSL verify error \(verifyResult)", detail: curl)
        }
    }

    private static func hostnameMismatch(curl: String) -> FetchFailure {
        FetchFailure(.tls, "TLS host name mismatch: the server's certificate is for another name", detail: curl)
    }
}
