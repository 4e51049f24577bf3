/* Error codes shared by the whole library. Values are stable: never renumber. */
#ifndef SEAL_ERROR_H
#define SEAL_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SEAL_MUST_CHECK __attribute__((warn_unused_result))
#else
#define SEAL_MUST_CHECK
#endif

typedef enum seal_err {
    SEAL_OK = 0,
    SEAL_ERR_INVALID_ARGUMENT = 1, /* a caller passed a value outside the documented range */
    SEAL_ERR_INVALID_ENCODING = 2, /* bytes that do not parse (length, flags, hex, BCS) */
    SEAL_ERR_NOT_CANONICAL = 3,    /* an integer or field element >= its modulus */
    SEAL_ERR_NOT_ON_CURVE = 4,     /* a point that is not on the curve */
    SEAL_ERR_NOT_IN_SUBGROUP = 5,  /* a point outside the prime-order subgroup */
    SEAL_ERR_IDENTITY = 6,         /* the point at infinity where it is not allowed */
    SEAL_ERR_DECRYPTION = 7,       /* any decryption or authentication failure (one code) */
    SEAL_ERR_RNG = 8,              /* the random number generator failed */
    SEAL_ERR_NO_MEMORY = 9,
    SEAL_ERR_IO = 10,
    SEAL_ERR_UNSUPPORTED = 11,
    SEAL_ERR_LIMIT = 12,       /* an input exceeds a documented cap */
    SEAL_ERR_INVALID_KEY = 13, /* a key that fails verification */
    SEAL_ERR_INTERNAL = 14,
    SEAL_ERR_NOT_ENOUGH_SHARES = 15, /* fewer keys than the threshold */
    SEAL_ERR_CRYPTO_LIB = 16,        /* the system crypto library reported a failure */
    /* a well-formed signature that does not verify */
    SEAL_ERR_INVALID_SIGNATURE = 17,
    /* a signature scheme verified only by a full node (zkLogin, passkey) */
    SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME = 18,
    /* a key server denied access (its policy check failed: "NoAccess") */
    SEAL_ERR_NO_ACCESS = 19,
    /* a key server refused or failed a request for another reason (its error kind and message
     * are kept by the client: seal_client_last_error()) */
    SEAL_ERR_KEY_SERVER = 20,
    /* a session key (certificate) has expired */
    SEAL_ERR_EXPIRED = 21,
    /* a network peer did not answer in time */
    SEAL_ERR_TIMEOUT = 22,
} seal_err;

/* A static, human-readable description of an error code. Never NULL. */
const char *seal_strerror(seal_err err);

#ifdef __cplusplus
}
#endif
#endif
