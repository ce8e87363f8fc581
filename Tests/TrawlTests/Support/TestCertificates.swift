import Foundation

/// A private CA and server certificates for TLS tests, made with the `openssl` command line (Debian's
/// `openssl` package) in the test's own directory: nothing is stored in the repository, nothing expires
/// between runs, and each case is a real certificate a real server (`NginxServer`) presents.
///
/// Every key is EC P-256 (made in milliseconds). The leaf certificates are signed by `openssl ca`, the one
/// OpenSSL 3.0 tool that sets any validity window (`-startdate` / `-enddate`), which the expired and the
/// not-yet-valid ones need. Dates are relative to now, so the set works on any day.
///
///     let certificates = try await TestCertificates.make(in: directory.path, addresses: ["127.0.0.230"])
///     // certificates.ca: the CA's PEM (for --ca-cert, SSL_CERT_FILE, curl --cacert)
///     // certificates.valid / .expired / .notYetValid / .otherName / .selfSigned: certificate + key files
struct TestCertificates: Sendable {
    /// A server's certificate and private key, PEM files.
    struct Pair: Sendable {
        let certificate: String
        let key: String
    }

    /// The CA certificate (PEM) that signed `valid`, `expired`, `notYetValid` and `otherName`.
    let ca: String
    /// For `localhost` and every address given to `make`, valid from a day ago for 30 days.
    let valid: Pair
    /// Same names; ended 30 days ago (OpenSSL: X509_V_ERR_CERT_HAS_EXPIRED, 10).
    let expired: Pair
    /// Same names; starts in 30 days (X509_V_ERR_CERT_NOT_YET_VALID, 9).
    let notYetValid: Pair
    /// Valid, for `other.test` only: a host name mismatch for every address.
    let otherName: Pair
    /// For `localhost` and the addresses, but its own issuer (X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, 18).
    let selfSigned: Pair

    static let openssl = "/usr/bin/openssl"

    /// Makes the CA and every certificate in `directory` (which must exist, and is the test's to remove).
    static func make(in directory: String, addresses: [String]) async throws -> TestCertificates {
        let folder = directory + "/certificates"
        try FileManager.default.createDirectory(atPath: folder + "/issued", withIntermediateDirectories: true)
        try "".write(toFile: folder + "/index.txt", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: folder + "/serial", atomically: true, encoding: .utf8)
        try caConfiguration.write(toFile: folder + "/ca.cnf", atomically: true, encoding: .utf8)
        let names = (["DNS:localhost"] + addresses.map { "IP:" + $0 }).joined(separator: ",")

        try await ExternalTool.run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=trawl test CA", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ], in: folder)
        let day = 86_400.0
        func leaf(_ name: String, from start: Double, to end: Double, names: String) async throws -> Pair {
            try await ExternalTool.run(openssl, [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)",
            ], in: folder)
            let extensions = """
                basicConstraints = CA:FALSE
                keyUsage = critical, digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = \(names)

                """
            try extensions.write(toFile: "\(folder)/\(name).ext", atomically: true, encoding: .utf8)
            try await ExternalTool.run(openssl, [
                "ca", "-batch", "-config", "ca.cnf", "-in", "\(name).csr", "-out", "\(name).pem", "-notext",
                "-startdate", generalizedTime(start), "-enddate", generalizedTime(end), "-extfile", "\(name).ext",
            ], in: folder)
            return Pair(certificate: "\(folder)/\(name).pem", key: "\(folder)/\(name).key")
        }
        let now = Date().timeIntervalSince1970
        let valid = try await leaf("valid", from: now - day, to: now + 30 * day, names: names)
        let expired = try await leaf("expired", from: now - 60 * day, to: now - 30 * day, names: names)
        let notYetValid = try await leaf("not-yet-valid", from: now + 30 * day, to: now + 60 * day, names: names)
        let otherName = try await leaf("other-name", from: now - day, to: now + 30 * day, names: "DNS:other.test")
        try await ExternalTool.run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "self-signed.key", "-out", "self-signed.pem", "-subj", "/CN=localhost", "-days", "30",
            "-addext", "subjectAltName=\(names)",
        ], in: folder)
        let selfSigned = Pair(certificate: folder + "/self-signed.pem", key: folder + "/self-signed.key")
        return TestCertificates(ca: folder + "/ca.pem", valid: valid, expired: expired, notYetValid: notYetValid,
                                otherName: otherName, selfSigned: selfSigned)
    }

    /// `openssl ca`'s configuration: paths relative to the certificates folder (the tool runs there), any
    /// subject accepted, the same subject may be issued again.
    private static let caConfiguration = """
        [ ca ]
        default_ca = test_ca
        [ test_ca ]
        database = index.txt
        new_certs_dir = issued
        certificate = ca.pem
        private_key = ca.key
        serial = serial
        default_md = sha256
        policy = any_subject
        unique_subject = no
        email_in_dn = no
        [ any_subject ]
        commonName = supplied

        """

    /// `YYYYMMDDHHMMSSZ` (GeneralizedTime, UTC), as `openssl ca -startdate` takes it.
    private static func generalizedTime(_ seconds: Double) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02d%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
