#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/bio.h>
#include <openssl/blowfish.h>
#include <openssl/bn.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* Blowfish's block function for bcrypt's EksBlowfish setup, which needs the raw key schedule
 * (BF_KEY's P and S arrays). OpenSSL 3 marks the low-level Blowfish API deprecated; it is
 * still exported, and this wrapper keeps the warning out of every Swift build. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline void ferry_bf_encrypt(BF_LONG *data, const BF_KEY *key) {
    BF_encrypt(data, key);
}
#pragma GCC diagnostic pop

/* A GENERAL_NAMES stack push: sk_GENERAL_NAME_push is a macro Swift cannot call. */
static inline int ferry_general_names_push(GENERAL_NAMES *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}
