/* Client fetching against in-process mock key servers on loopback (real HTTP, real keys):
 * threshold and weights, early stop, cache, wrong keys, hanging and refusing servers, denial,
 * retries on 503, missing version header, garbage answers, expired sessions, requests split
 * above 100 ids, and decryption under a policy. The mock checks what a real key server checks
 * of the request (headers, certificate signature, request signature). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/client.h"
#include "seal/elgamal.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

typedef enum mode {
    M_OK,
    M_WRONG_KEY,
    M_DENY,
    M_HANG,
    M_FAIL_ONCE,
    M_NO_VERSION,
    M_GARBAGE,
    M_POP_DECOY, /* /v1/service: the right id and a valid pop only as decoy keys */
} mode;

typedef struct mock {
    mode mode;
    int fd;
    uint16_t port;
    uint8_t msk[32], pk[96], other_msk[32];
    uint8_t object_id[32];
    pthread_t thread;
    atomic_int requests;
    atomic_int stop;
    char url[64];
    char last_sdk_type[32];
} mock;

static void respond(int fd, int status, bool version, const char *body) {
    char head[512];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                     "%sConnection: close\r\n\r\n",
                     status, strlen(body), version ? "X-KeyServer-Version: 0.6.10\r\n" : "");
    tu_send_all(fd, head, (size_t)n);
    tu_send_all(fd, body, strlen(body));
}

static const char *header_value(const char *head, const char *name, char *out, size_t cap) {
    size_t nl = strlen(name);
    for (const char *p = head; p && *p; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL) {
        if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ') {
                v++;
            }
            const char *e = strstr(v, "\r\n");
            size_t l = e ? (size_t)(e - v) : strlen(v);
            if (l >= cap) {
                l = cap - 1;
            }
            memcpy(out, v, l);
            out[l] = '\0';
            return out;
        }
    }
    return NULL;
}

static bool b64(uint8_t *out, size_t cap, size_t *len, json_t *j) {
    return json_is_string(j) && seal_sui_base64_decode(out, cap, len, json_string_value(j),
                                                       json_string_length(j)) == SEAL_OK;
}

/* What a key server does with a well-formed request (minus the policy). */
static void serve_keys(mock *m, int fd, const char *body, size_t len) {
    json_t *req = json_loadb(body, len, 0, NULL);
    json_t *cert = json_object_get(req, "certificate");
    uint8_t *ptb = malloc(200000);
    uint8_t ek[48], evk[96], rsig[64], vk[32], user[32], usig[200];
    size_t ptb_len = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0;
    if (!b64(ptb, 200000, &ptb_len, json_object_get(req, "ptb")) ||
        !b64(ek, 48, &l1, json_object_get(req, "enc_key")) ||
        !b64(evk, 96, &l2, json_object_get(req, "enc_verification_key")) ||
        !b64(rsig, 64, &l3, json_object_get(req, "request_signature")) ||
        !b64(vk, 32, &l4, json_object_get(cert, "session_vk")) ||
        !b64(usig, sizeof usig, &l5, json_object_get(cert, "signature")) ||
        seal_sui_address_parse(user, json_string_value(json_object_get(cert, "user"))) != SEAL_OK) {
        respond(fd, 403, true, "{\"error\":\"InvalidPTB\",\"message\":\"Invalid PTB: bad\"}");
        goto out;
    }
    seal_sui_ptb *p = NULL;
    if (seal_sui_ptb_decode(&p, ptb, ptb_len) != SEAL_OK || p->n_commands > 100) {
        respond(fd, 403, true, "{\"error\":\"InvalidPTB\",\"message\":\"Invalid PTB: bcs\"}");
        seal_sui_ptb_free(p);
        goto out;
    }
    char pkg_name[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(pkg_name, p->commands[0].package);
    uint64_t ct = (uint64_t)json_integer_value(json_object_get(cert, "creation_time"));
    uint16_t ttl = (uint16_t)json_integer_value(json_object_get(cert, "ttl_min"));
    seal_bcs_writer w;
    uint8_t *signed_req = malloc(ptb_len + 200);
    seal_bcs_writer_init(&w, signed_req, ptb_len + 200);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk);
    if (seal_sui_certificate_verify(user, pkg_name, vk, ct, ttl, usig, l5) != SEAL_OK) {
        respond(fd, 403, true,
                "{\"error\":\"InvalidSignature\",\"message\":\"Invalid user signature\"}");
    } else if (seal_sui_ed25519_verify(rsig, vk, signed_req, w.len) != SEAL_OK) {
        respond(fd, 403, true,
                "{\"error\":\"InvalidSessionSignature\",\"message\":\"Invalid session key "
                "signature\"}");
    } else {
        size_t cap = 64 + p->n_commands * (256 + 4 * (32 + 4096) + 200);
        char *out = malloc(cap);
        size_t o = (size_t)snprintf(out, cap, "{\"decryption_keys\":[");
        for (size_t i = 0; i < p->n_commands; i++) {
            const seal_sui_call_arg *a = &p->inputs[p->commands[i].args[0].index];
            seal_bcs_reader r;
            const uint8_t *id;
            size_t id_len;
            seal_bcs_reader_init(&r, a->pure.ptr, a->pure.len);
            assert_int_equal(seal_bcs_read_bytes(&r, 4096, &id, &id_len), SEAL_OK);
            uint8_t full[32 + 4096], usk[48], c0[48], c1[48];
            memcpy(full, p->commands[0].package, 32);
            memcpy(full + 32, id, id_len);
            assert_int_equal(seal_keys_extract(usk, m->mode == M_WRONG_KEY ? m->other_msk : m->msk,
                                               full, 32 + id_len),
                             SEAL_OK);
            assert_int_equal(seal_elgamal_encrypt(c0, c1, ek, usk, NULL), SEAL_OK);
            char b0[80], b1[80];
            seal_sui_base64_encode(b0, c0, 48);
            seal_sui_base64_encode(b1, c1, 48);
            o += (size_t)snprintf(out + o, cap - o, "%s{\"id\":[", i ? "," : "");
            for (size_t k = 0; k < 32 + id_len; k++) {
                o += (size_t)snprintf(out + o, cap - o, "%s%u", k ? "," : "", full[k]);
            }
            o += (size_t)snprintf(out + o, cap - o, "],\"encrypted_key\":[\"%s\",\"%s\"]}", b0, b1);
        }
        snprintf(out + o, cap - o, "]}");
        respond(fd, 200, m->mode != M_NO_VERSION, out);
        free(out);
    }
    free(signed_req);
    seal_sui_ptb_free(p);
out:
    free(ptb);
    json_decref(req);
}

static void handle_conn(mock *m, int fd) {
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap + 1);
    char *body = NULL;
    size_t want = 0;
    while (len < cap) {
        struct pollfd pf = {fd, POLLIN, 0};
        if (poll(&pf, 1, 100) <= 0) {
            if (atomic_load(&m->stop)) {
                break;
            }
            continue;
        }
        ssize_t r = recv(fd, buf + len, cap - len, 0);
        if (r <= 0) {
            break;
        }
        len += (size_t)r;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end && !body) {
            char v[32];
            body = end + 4;
            want = header_value(buf, "Content-Length", v, sizeof v) ? (size_t)atol(v) : 0;
        }
        if (body && (size_t)(buf + len - body) >= want) {
            break;
        }
    }
    if (!body) {
        free(buf);
        return;
    }
    body[-2] = '\0'; /* end the header block */
    atomic_fetch_add(&m->requests, 1);
    char v[32];
    if (strncmp(buf, "GET /v1/service?service_id=", 27) == 0) {
        /* proof of possession of the registered key (or of another one when lying) */
        uint8_t pop[48];
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES], b[80], out[512];
        assert_int_equal(
            seal_keys_pop_create(pop, m->mode == M_WRONG_KEY ? m->other_msk : m->msk, m->object_id),
            SEAL_OK);
        seal_sui_address_format(hex, m->object_id);
        seal_sui_base64_encode(b, pop, 48);
        if (m->mode == M_POP_DECOY) {
            /* text search finds "service_id" and "pop" as values and takes the next strings:
             * the expected id and a valid pop; as JSON, service_id is another object */
            snprintf(out, sizeof out,
                     "{\"a\":\"service_id\",\"%s\":\"pop\",\"%s\":0,\"service_id\":\"0x2\","
                     "\"pop\":\"%s\"}",
                     hex, b, b);
        } else {
            snprintf(out, sizeof out, "{\"service_id\":\"%s\",\"pop\":\"%s\"}", hex, b);
        }
        respond(fd, 200, true, out);
        free(buf);
        return;
    }
    if (!header_value(buf, "Client-Sdk-Version", v, sizeof v)) {
        respond(fd, 400, true, "{\"error\":\"MissingRequiredHeader\",\"message\":\"x\"}");
    } else {
        header_value(buf, "Client-Sdk-Type", m->last_sdk_type, sizeof m->last_sdk_type);
        switch (m->mode) {
        case M_HANG:
            while (!atomic_load(&m->stop)) {
                usleep(10000);
            }
            break;
        case M_DENY:
            respond(fd, 403, true,
                    "{\"error\":\"NoAccess\",\"message\":\"Access denied: not on the list\"}");
            break;
        case M_FAIL_ONCE:
            if (atomic_load(&m->requests) == 1) {
                respond(fd, 503, true,
                        "{\"error\":\"Failure\",\"message\":\"Internal server error, please try "
                        "again later\"}");
                break;
            }
            serve_keys(m, fd, body, want);
            break;
        case M_GARBAGE:
            respond(fd, 200, true, "{\"decryption_keys\": [{\"id\": 5}]}");
            break;
        default:
            serve_keys(m, fd, body, want);
            break;
        }
    }
    free(buf);
}

static void *mock_thread(void *arg) {
    mock *m = arg;
    while (!atomic_load(&m->stop)) {
        struct pollfd pf = {m->fd, POLLIN, 0};
        if (poll(&pf, 1, 50) <= 0) {
            continue;
        }
        int c = accept(m->fd, NULL, NULL);
        if (c < 0) {
            continue;
        }
        handle_conn(m, c);
        close(c);
    }
    return NULL;
}

static mock *mock_start(mode md, uint8_t tag) {
    mock *m = calloc(1, sizeof *m);
    m->mode = md;
    assert_int_equal(seal_keys_generate(m->msk, m->pk, NULL), SEAL_OK);
    uint8_t pk2[96];
    assert_int_equal(seal_keys_generate(m->other_msk, pk2, NULL), SEAL_OK);
    memset(m->object_id, tag, 32);
    m->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(m->fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(m->fd, 16), 0);
    socklen_t al = sizeof a;
    getsockname(m->fd, (struct sockaddr *)&a, &al);
    m->port = ntohs(a.sin_port);
    snprintf(m->url, sizeof m->url, "http://127.0.0.1:%u/", m->port);
    pthread_create(&m->thread, NULL, mock_thread, m);
    return m;
}

static void mock_stop(mock *m) {
    atomic_store(&m->stop, 1);
    pthread_join(m->thread, NULL);
    close(m->fd);
    free(m);
}

/* A closed port: connections are refused. */
static uint16_t closed_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    socklen_t al = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &al);
    close(fd);
    return ntohs(a.sin_port);
}

static const uint8_t PKG[32] = {0x5e, 0xa1, 7};

typedef struct env {
    mock *m[4];
    size_t n;
    seal_client *c;
    seal_session *s;
    seal_sui_keypair user;
    uint8_t id[40];
    seal_client_call call;
} env;

static void env_start(env *e, const mode *modes, const uint8_t *weights, size_t n,
                      uint32_t timeout_ms, uint32_t retries) {
    memset(e, 0, sizeof *e);
    seal_client_server_config cfg[4];
    memset(cfg, 0, sizeof cfg);
    e->n = n;
    for (size_t i = 0; i < n; i++) {
        e->m[i] = mock_start(modes[i], (uint8_t)(0x10 + i));
        memcpy(cfg[i].object_id, e->m[i]->object_id, 32);
        cfg[i].weight = weights ? weights[i] : 1;
        cfg[i].url = e->m[i]->url;
        cfg[i].public_key = e->m[i]->pk;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.timeout_ms = timeout_ms;
    o.max_retries = retries;
    assert_int_equal(seal_client_new(&e->c, &o, cfg, n), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&e->user, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_session_create(&e->s, &e->user, PKG, NULL, 10, 0, NULL), SEAL_OK);
    memset(e->id, 0x42, sizeof e->id);
    char target[128], hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, PKG);
    snprintf(target, sizeof target, "%s::policy::seal_approve", hex);
    assert_int_equal(seal_client_call_target_parse(&e->call, target), SEAL_OK);
    e->call.id = e->id;
    e->call.id_len = sizeof e->id;
}

static void env_stop(env *e) {
    for (size_t i = 0; i < e->n; i++) {
        mock_stop(e->m[i]);
    }
    seal_client_free(e->c);
    seal_session_free(e->s);
    seal_sui_keypair_clear(&e->user);
}

static void dump_errors(const seal_client *c) {
    for (size_t i = 0; i < seal_client_error_count(c); i++) {
        const seal_client_server_error *er = seal_client_error_get(c, i);
        print_message("  server error: %s %u %s\n", er->kind, er->http_status, er->message);
    }
}

static bool has_error(const seal_client *c, const char *kind, const uint8_t object_id[32]) {
    for (size_t i = 0; i < seal_client_error_count(c); i++) {
        const seal_client_server_error *er = seal_client_error_get(c, i);
        if (strcmp(er->kind, kind) == 0 && memcmp(er->object_id, object_id, 32) == 0) {
            return true;
        }
    }
    return false;
}

static size_t keys_for(env *e, seal_user_key *out) {
    uint8_t full[72];
    memcpy(full, PKG, 32);
    memcpy(full + 32, e->id, 40);
    return seal_client_cached_keys(e->c, full, 72, out, 4);
}

static void test_two_of_three_and_cache(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_OK, M_OK, M_OK};
    env_start(&e, modes, NULL, 3, 5000, 0);
    seal_err err0 = seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0);
    dump_errors(e.c);
    assert_int_equal(err0, SEAL_OK);
    seal_user_key keys[4];
    size_t n = keys_for(&e, keys);
    assert_true(n >= 2);
    uint8_t full[72];
    memcpy(full, PKG, 32);
    memcpy(full + 32, e.id, 40);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (memcmp(e.m[k]->object_id, keys[i].object_id, 32) != 0) {
            k++;
        }
        assert_int_equal(seal_keys_verify_user_secret_key(keys[i].key, e.m[k]->pk, full, 72),
                         SEAL_OK);
    }
    assert_string_equal(e.m[0]->last_sdk_type[0] ? e.m[0]->last_sdk_type : SEAL_CLIENT_SDK_TYPE,
                        SEAL_CLIENT_SDK_TYPE);
    int before = 0;
    for (size_t i = 0; i < 3; i++) {
        before += atomic_load(&e.m[i]->requests);
    }
    /* cached: no request */
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0), SEAL_OK);
    int after = 0;
    for (size_t i = 0; i < 3; i++) {
        after += atomic_load(&e.m[i]->requests);
    }
    assert_int_equal(before, after);
    /* threshold 3 asks only the servers not cached yet */
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 3, 0), SEAL_OK);
    assert_int_equal(keys_for(&e, keys), 3);
    /* invalid thresholds */
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 4, 0), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 0, 0), SEAL_ERR_INVALID_ARGUMENT);
    env_stop(&e);
}

static void test_weights(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_OK, M_DENY, M_DENY};
    uint8_t w[] = {2, 1, 1};
    env_start(&e, modes, w, 3, 5000, 0);
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0), SEAL_OK);
    /* a threshold of 3 needs one of the denying servers */
    seal_err err = seal_client_fetch_keys(e.c, e.s, &e.call, 1, 3, 0);
    assert_int_equal(err, SEAL_ERR_NO_ACCESS);
    assert_true(has_error(e.c, "NoAccess", e.m[1]->object_id));
    assert_non_null(strstr(seal_client_last_error(e.c), "NoAccess"));
    assert_non_null(strstr(seal_client_last_error(e.c), "not on the list"));
    env_stop(&e);
}

static void test_wrong_key_skipped(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_WRONG_KEY, M_OK, M_OK};
    env_start(&e, modes, NULL, 3, 5000, 0);
    /* all three needed: the wrong key is detected and reported, no key cached for it */
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 3, 0), SEAL_ERR_INVALID_KEY);
    assert_true(has_error(e.c, "InvalidKey", e.m[0]->object_id));
    seal_user_key keys[4];
    size_t n = keys_for(&e, keys);
    for (size_t i = 0; i < n; i++) {
        assert_memory_not_equal(keys[i].object_id, e.m[0]->object_id, 32);
    }
    /* 2 of 3: the two honest servers suffice */
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0), SEAL_OK);
    env_stop(&e);
}

static void test_hanging_and_refusing_servers(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_HANG, M_OK, M_OK};
    env_start(&e, modes, NULL, 3, 10000, 0);
    uint64_t t0 = tu_now_ms();
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0), SEAL_OK);
    assert_true(tu_now_ms() - t0 < 3000); /* no waiting for the hanging server */
    env_stop(&e);

    mode modes2[] = {M_HANG, M_OK};
    env_start(&e, modes2, NULL, 2, 300, 0);
    t0 = tu_now_ms();
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, 0), SEAL_ERR_TIMEOUT);
    uint64_t dt = tu_now_ms() - t0;
    assert_true(dt >= 250 && dt < 5000);
    assert_true(has_error(e.c, "Timeout", e.m[0]->object_id));
    env_stop(&e);

    /* a refused connection (retried, then reported); the others suffice */
    mode modes3[] = {M_OK, M_OK};
    env_start(&e, modes3, NULL, 2, 2000, 0);
    seal_client_server_config cfg[3];
    memset(cfg, 0, sizeof cfg);
    char dead[64];
    snprintf(dead, sizeof dead, "http://127.0.0.1:%u", closed_port());
    for (int i = 0; i < 2; i++) {
        memcpy(cfg[i].object_id, e.m[i]->object_id, 32);
        cfg[i].weight = 1;
        cfg[i].url = e.m[i]->url;
        cfg[i].public_key = e.m[i]->pk;
    }
    memset(cfg[2].object_id, 0x77, 32);
    cfg[2].weight = 1;
    cfg[2].url = dead;
    cfg[2].public_key = e.m[0]->pk;
    seal_client *c2 = NULL;
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.max_retries = 1;
    assert_int_equal(seal_client_new(&c2, &o, cfg, 3), SEAL_OK);
    assert_int_equal(seal_client_fetch_keys(c2, e.s, &e.call, 1, 2, 0), SEAL_OK);
    assert_int_equal(seal_client_fetch_keys(c2, e.s, &e.call, 1, 3, 0), SEAL_ERR_IO);
    assert_true(has_error(c2, "ConnectionFailed", cfg[2].object_id));
    seal_client_free(c2);
    env_stop(&e);
}

static void test_retry_version_garbage(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_FAIL_ONCE};
    env_start(&e, modes, NULL, 1, 5000, 0);
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 1, 0), SEAL_ERR_KEY_SERVER);
    assert_true(has_error(e.c, "Failure", e.m[0]->object_id));
    env_stop(&e);
    env_start(&e, modes, NULL, 1, 5000, 2);
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 1, 0), SEAL_OK);
    assert_int_equal(atomic_load(&e.m[0]->requests), 2);
    env_stop(&e);

    mode modes2[] = {M_NO_VERSION, M_GARBAGE};
    env_start(&e, modes2, NULL, 2, 5000, 2);
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 1, 0), SEAL_ERR_KEY_SERVER);
    assert_true(has_error(e.c, "KeyServerVersion", e.m[0]->object_id));
    assert_true(has_error(e.c, "InvalidResponse", e.m[1]->object_id));
    /* not retried: one request each */
    assert_int_equal(atomic_load(&e.m[0]->requests), 1);
    assert_int_equal(atomic_load(&e.m[1]->requests), 1);
    env_stop(&e);
}

static void test_expired_session_and_many_ids(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_OK, M_OK};
    env_start(&e, modes, NULL, 2, 10000, 0);
    uint64_t late = seal_session_creation_time_ms(e.s) + 10u * 60000u;
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, &e.call, 1, 2, late), SEAL_ERR_EXPIRED);
    assert_int_equal(atomic_load(&e.m[0]->requests), 0);

    /* 150 ids: two requests per server (the servers refuse more than 100 commands) */
    enum { N = 150 };
    seal_client_call *calls = calloc(N, sizeof *calls);
    uint8_t(*ids)[8] = calloc(N, 8);
    for (size_t i = 0; i < N; i++) {
        calls[i] = e.call;
        memcpy(ids[i], &i, sizeof i < 8 ? sizeof i : 8);
        calls[i].id = ids[i];
        calls[i].id_len = 8;
    }
    assert_int_equal(seal_client_fetch_keys(e.c, e.s, calls, N, 2, 0), SEAL_OK);
    assert_int_equal(atomic_load(&e.m[0]->requests), 2);
    assert_int_equal(atomic_load(&e.m[1]->requests), 2);
    seal_user_key keys[4];
    uint8_t full[40];
    memcpy(full, PKG, 32);
    memcpy(full + 32, ids[N - 1], 8);
    assert_int_equal(seal_client_cached_keys(e.c, full, 40, keys, 4), 2);
    free(calls);
    free(ids);
    env_stop(&e);
}

static void test_decrypt_with_policy(void **state) {
    (void)state;
    env e;
    mode modes[] = {M_OK, M_DENY, M_OK};
    uint8_t w[] = {1, 1, 2};
    env_start(&e, modes, w, 3, 5000, 0);
    seal_key_server ks[3];
    size_t n = 0;
    assert_int_equal(seal_client_key_servers(e.c, ks, 3, &n), SEAL_OK);
    assert_int_equal(n, 3);
    const char msg[] = "the secret of the allowlist";
    seal_encrypt_params p = {.package_id = PKG,
                             .id = e.id,
                             .id_len = sizeof e.id,
                             .servers = ks,
                             .n_servers = 3,
                             .threshold = 3,
                             .dem = SEAL_DEM_AES_256_GCM};
    size_t cap = seal_encrypt_size(&p, sizeof msg), len = 0;
    uint8_t *obj = malloc(cap);
    assert_int_equal(seal_encrypt(obj, cap, &len, NULL, &p, (const uint8_t *)msg, sizeof msg, NULL),
                     SEAL_OK);
    uint8_t *pt = NULL;
    size_t pt_len = 0;
    assert_int_equal(seal_client_decrypt_with_policy(e.c, e.s, obj, len, &e.call, &pt, &pt_len, 0),
                     SEAL_OK);
    assert_int_equal(pt_len, sizeof msg);
    assert_memory_equal(pt, msg, sizeof msg);
    free(pt);
    /* a session of another package is refused */
    seal_session *other = NULL;
    uint8_t pkg2[32] = {1};
    assert_int_equal(seal_session_create(&other, &e.user, pkg2, NULL, 5, 0, NULL), SEAL_OK);
    assert_int_equal(
        seal_client_decrypt_with_policy(e.c, other, obj, len, &e.call, &pt, &pt_len, 0),
        SEAL_ERR_INVALID_ARGUMENT);
    assert_null(pt);
    seal_session_free(other);
    /* a corrupted object: nothing released */
    obj[len - 5] ^= 1; /* inside the GCM tag */
    assert_int_equal(seal_client_decrypt_with_policy(e.c, e.s, obj, len, &e.call, &pt, &pt_len, 0),
                     SEAL_ERR_DECRYPTION);
    assert_null(pt);
    assert_int_equal(pt_len, 0);
    free(obj);
    env_stop(&e);
}

static void test_proof_of_possession(void **state) {
    (void)state;
    mock *good = mock_start(M_OK, 0x31), *liar = mock_start(M_WRONG_KEY, 0x32);
    seal_client_server_config cfg[2];
    memset(cfg, 0, sizeof cfg);
    mock *ms[2] = {good, liar};
    for (int i = 0; i < 2; i++) {
        memcpy(cfg[i].object_id, ms[i]->object_id, 32);
        cfg[i].weight = 1;
        cfg[i].url = ms[i]->url;
        cfg[i].public_key = ms[i]->pk;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.verify_pop = true;
    seal_client *c = NULL;
    assert_int_equal(seal_client_new(&c, &o, cfg, 1), SEAL_OK);
    seal_client_free(c);
    assert_int_equal(seal_client_new(&c, &o, cfg, 2), SEAL_ERR_KEY_SERVER);
    assert_null(c);
    assert_non_null(strstr(seal_client_creation_error(), "InvalidPop"));
    /* a public key that is not the server's */
    cfg[0].public_key = liar->pk;
    assert_int_equal(seal_client_new(&c, &o, cfg, 1), SEAL_ERR_KEY_SERVER);
    /* the answer is read as JSON, not searched as text */
    mock *decoy = mock_start(M_POP_DECOY, 0x33);
    memcpy(cfg[0].object_id, decoy->object_id, 32);
    cfg[0].url = decoy->url;
    cfg[0].public_key = decoy->pk;
    assert_int_equal(seal_client_new(&c, &o, cfg, 1), SEAL_ERR_KEY_SERVER);
    assert_null(c);
    assert_non_null(strstr(seal_client_creation_error(), "InvalidPop"));
    mock_stop(decoy);
    mock_stop(good);
    mock_stop(liar);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_of_three_and_cache),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_wrong_key_skipped),
        cmocka_unit_test(test_hanging_and_refusing_servers),
        cmocka_unit_test(test_retry_version_garbage),
        cmocka_unit_test(test_expired_session_and_many_ids),
        cmocka_unit_test(test_decrypt_with_policy),
        cmocka_unit_test(test_proof_of_possession),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
