internal import CCurl

extension TrustStore {
    /// The same trust for an https:// proxy's own certificate. curl verifies a proxy with the
    /// CURLOPT_PROXY_* twins of the TLS options (CURLOPT_PROXY_CAINFO, CURLOPT_PROXY_CAPATH,
    /// CURLOPT_PROXY_SSL_VERIFYPEER / VERIFYHOST), which the target's options do not set: without this,
    /// `--ca-cert` and `--insecure` would not reach the proxy. Mirrors `apply(to:)` option for option.
    func applyToProxy(_ easy: CurlEasy) {
        guard verifies else {
            easy.set(CURLOPT_PROXY_SSL_VERIFYPEER, false)
            easy.set(CURLOPT_PROXY_SSL_VERIFYHOST, 0)
            return
        }
        if let caFile {
            easy.set(CURLOPT_PROXY_CAINFO, caFile)
        } else if dropsDefaultFile {
            easy.set(CURLOPT_PROXY_CAINFO, pointer: nil)
        }
        if let caDirectory { easy.set(CURLOPT_PROXY_CAPATH, caDirectory) }
    }
}
