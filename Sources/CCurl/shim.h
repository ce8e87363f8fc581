#ifndef TRAWL_CCURL_SHIM_H
#define TRAWL_CCURL_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
// curl.h includes <sys/select.h>, whose anonymous `fd_set` struct SwiftGlibc defines too. Built alone, this
// module would hold a second definition that clang refuses to merge when a Swift file imports both Glibc and
// CCurl ("'__fds_bits' from module 'SwiftGlibc' is not present in definition of 'fd_set' in module 'CCurl'"),
// which broke every first build from an empty .build. Importing SwiftGlibc first makes its headers this
// module's dependency instead of a copy.
#if __has_feature(modules)
#pragma clang module import SwiftGlibc
#endif
#include <pthread.h>
#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are variadic, which Swift cannot call:
   one typed wrapper per argument type. */

static inline CURLcode trawl_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode trawl_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode trawl_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode trawl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}
static inline CURLcode trawl_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(easy, option, value);
}
typedef size_t (*trawl_data_callback)(char *data, size_t size, size_t count, void *userdata);
static inline CURLcode trawl_easy_setopt_data_callback(CURL *easy, CURLoption option, trawl_data_callback value) {
    return curl_easy_setopt(easy, option, value);
}
typedef int (*trawl_sockopt_callback)(void *userdata, curl_socket_t socket, curlsocktype purpose);
static inline CURLcode trawl_easy_setopt_sockopt_callback(CURL *easy, trawl_sockopt_callback value) {
    return curl_easy_setopt(easy, CURLOPT_SOCKOPTFUNCTION, value);
}
static inline CURLMcode trawl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
static inline CURLcode trawl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}
static inline CURLcode trawl_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(easy, info, value);
}
static inline CURLcode trawl_easy_getinfo_string(CURL *easy, CURLINFO info, char **value) {
    return curl_easy_getinfo(easy, info, value);
}
static inline CURLcode trawl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value) {
    return curl_easy_getinfo(easy, info, value);
}
typedef curl_socket_t (*trawl_opensocket_callback)(void *userdata, curlsocktype purpose, struct curl_sockaddr *address);
static inline CURLcode trawl_easy_setopt_opensocket_callback(CURL *easy, trawl_opensocket_callback value) {
    return curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, value);
}

/* Whether an address curl is about to connect to is loopback, private (RFC 1918), carrier-grade NAT,
   link-local (169.254.0.0/16: cloud metadata endpoints), unspecified, IPv6 unique-local (fc00::/7) or
   link-local (fe80::/10), including IPv4-mapped IPv6 forms. */
static inline int trawl_ipv4_is_private(const unsigned char *a) {
    return a[0] == 127 || a[0] == 10 || a[0] == 0 || (a[0] == 172 && (a[1] & 0xF0) == 16)
        || (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) || (a[0] == 100 && (a[1] & 0xC0) == 64);
}
static inline int trawl_ipv6_is_private(const unsigned char *a) {
    static const unsigned char zero[10] = {0};
    int leadingZeros = 1;
    for (int i = 0; i < 15; i++) if (a[i] != 0) { leadingZeros = 0; break; }
    if (leadingZeros && (a[15] == 1 || a[15] == 0)) return 1;            /* ::1 and :: */
    if ((a[0] & 0xFE) == 0xFC) return 1;                                 /* fc00::/7 */
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return 1;                 /* fe80::/10 */
    if (__builtin_memcmp(a, zero, 10) == 0 && a[10] == 0xFF && a[11] == 0xFF) {
        return trawl_ipv4_is_private(a + 12);                              /* ::ffff:a.b.c.d */
    }
    return 0;
}
static inline int trawl_sockaddr_is_private(const struct curl_sockaddr *address) {
    if (address->family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&address->addr;
        return trawl_ipv4_is_private((const unsigned char *)&in->sin_addr);
    }
    if (address->family == AF_INET6) {
        return trawl_ipv6_is_private(((const struct sockaddr_in6 *)&address->addr)->sin6_addr.s6_addr);
    }
    return 1; /* anything but IP is not for a web crawler */
}
/* The address in text form ("127.0.0.1", "::1") into buffer, for error messages. */
static inline const char *trawl_sockaddr_text(const struct curl_sockaddr *address, char *buffer, unsigned int size) {
    const void *bytes = address->family == AF_INET6
        ? (const void *)&((const struct sockaddr_in6 *)&address->addr)->sin6_addr
        : (const void *)&((const struct sockaddr_in *)&address->addr)->sin_addr;
    return inet_ntop(address->family, bytes, buffer, size) ? buffer : "?";
}

/* Proxies (issue 11). CURLOPT_PREREQFUNCTION (curl 7.80+): called before each request of a transfer is sent,
   redirects included; returning 1 (CURL_PREREQFUNC_ABORT) ends the transfer with CURLE_ABORTED_BY_CALLBACK. */
typedef int (*trawl_prereq_callback)(void *userdata, char *primary_ip, char *local_ip, int primary_port, int local_port);
static inline CURLcode trawl_easy_setopt_prereq_callback(CURL *easy, trawl_prereq_callback value) {
    return curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, value);
}
/* Whether a URL host written as an IP literal (IPv6 without its brackets) is in the private ranges above:
   1 private, 0 public, -1 not an IP literal (a name). What the guard can check through a proxy. */
static inline int trawl_ip_literal_is_private(const char *host) {
    unsigned char bytes[16];
    if (inet_pton(AF_INET, host, bytes) == 1) return trawl_ipv4_is_private(bytes);
    if (inet_pton(AF_INET6, host, bytes) == 1) return trawl_ipv6_is_private(bytes);
    return -1;
}

/* Names the calling thread (as top -H, perf and gdb show it): the connector's curl thread. */
static inline void trawl_name_current_thread(const char *name) { pthread_setname_np(pthread_self(), name); }

/* Headers, cookies and logins (issue 11): the share handle's setopt is variadic too, and the cookie list
   comes back as a curl_slist. */
static inline CURLSHcode trawl_share_setopt_long(CURLSH *share, CURLSHoption option, long value) {
    return curl_share_setopt(share, option, value);
}
static inline CURLcode trawl_easy_getinfo_slist(CURL *easy, CURLINFO info, struct curl_slist **value) {
    return curl_easy_getinfo(easy, info, value);
}
/* curl_version_info's argument is the macro CURLVERSION_NOW, an alias Swift does not import. */
static inline const curl_version_info_data *trawl_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

/* CURLMsg.data is a union; Swift imports it awkwardly. */
static inline CURLcode trawl_msg_result(const CURLMsg *message) { return message->data.result; }
#endif
