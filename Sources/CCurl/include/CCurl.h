#ifndef FERRY_CCURL_H
#define FERRY_CCURL_H
// Non-variadic wrappers around libcurl's variadic setopt/getinfo, which Swift cannot call directly.
#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*ferry_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ferry_curl_seek_cb)(void *userdata, curl_off_t offset, int origin);
typedef int (*ferry_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                      curl_off_t ultotal, curl_off_t ulnow);

CURLcode ferry_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ferry_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ferry_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ferry_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ferry_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ferry_curl_setopt_write(CURL *handle, ferry_curl_data_cb cb, void *userdata);
CURLcode ferry_curl_setopt_read(CURL *handle, ferry_curl_data_cb cb, void *userdata);
CURLcode ferry_curl_setopt_header(CURL *handle, ferry_curl_data_cb cb, void *userdata);
CURLcode ferry_curl_setopt_xferinfo(CURL *handle, ferry_curl_xferinfo_cb cb, void *userdata);
/// Lets curl restart a request body (a request replayed on a new connection).
CURLcode ferry_curl_setopt_seek(CURL *handle, ferry_curl_seek_cb cb, void *userdata);

CURLcode ferry_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ferry_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode ferry_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);

/// CURL_READFUNC_ABORT / CURL_WRITEFUNC_PAUSE are macros Swift does not import.
size_t ferry_curl_readfunc_abort(void);

#endif
