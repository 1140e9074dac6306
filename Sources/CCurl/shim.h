#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>

/*
 * Typed wrappers for libcurl's variadic functions, which Swift cannot call.
 * Each wrapper passes exactly the argument type that the option expects.
 */

/** curl_global_init(CURL_GLOBAL_DEFAULT). */
static inline CURLcode ccurl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/** curl_easy_setopt for an option that takes a long. */
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/** curl_easy_setopt for an option that takes a curl_off_t. */
static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/** curl_easy_setopt for an option that takes a C string (libcurl copies it). */
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/** curl_easy_setopt for an option that takes an untyped pointer. */
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/** curl_easy_setopt for an option that takes a string list (libcurl does NOT copy it). */
static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/** curl_easy_setopt(CURLOPT_READFUNCTION). */
static inline CURLcode ccurl_setopt_read_function(CURL *handle, curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/** curl_easy_setopt(CURLOPT_HEADERFUNCTION): for SMTP, called with each server reply line. */
static inline CURLcode ccurl_setopt_header_function(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/** curl_easy_setopt(CURLOPT_PREREQFUNCTION): called once the session is set up, before MAIL FROM. */
static inline CURLcode ccurl_setopt_prereq_function(CURL *handle, curl_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

/** curl_easy_getinfo for an item that yields a long. */
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** curl_easy_setopt(CURLOPT_WRITEFUNCTION): called with each piece of the downloaded body. */
static inline CURLcode ccurl_setopt_write_function(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/** curl_easy_setopt(CURLOPT_XFERINFOFUNCTION): progress; returning non-zero aborts the transfer. */
static inline CURLcode ccurl_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

/** curl_easy_getinfo for an item that yields a C string (owned by libcurl; may be NULL). */
static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/** curl_easy_getinfo for an item that yields a curl_off_t. */
static inline CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/** curl_easy_getinfo(CURLINFO_ACTIVESOCKET): the socket of a CURLOPT_CONNECT_ONLY session. */
static inline CURLcode ccurl_getinfo_socket(CURL *handle, curl_socket_t *value) {
    return curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value);
}

/** curl_easy_send on a CURLOPT_CONNECT_ONLY session (through TLS when the session has it). */
static inline CURLcode ccurl_easy_send(CURL *handle, const void *buffer, size_t length, size_t *sent) {
    return curl_easy_send(handle, buffer, length, sent);
}

/** curl_easy_recv on a CURLOPT_CONNECT_ONLY session (through TLS when the session has it). */
static inline CURLcode ccurl_easy_recv(CURL *handle, void *buffer, size_t length, size_t *received) {
    return curl_easy_recv(handle, buffer, length, received);
}

#endif
