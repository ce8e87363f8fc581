import Testing
@testable import TrawlURLs

/// The RFC 3492 encoder behind IDN host names.
@Suite struct URLPunycodeTests {
    @Test(arguments: [
        ("bücher", "bcher-kva"),
        ("münchen", "mnchen-3ya"),
        ("例え", "r8jz45g"),
        ("テスト", "zckzah"),
        // RFC 3492 §7.1 samples (A) Arabic, (B) Chinese, (L) mixed with basic code points
        ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("abc", "abc-"),
    ])
    func encodes(label: String, expected: String) {
        #expect(Punycode.encode(label.unicodeScalars) == expected)
    }
}
