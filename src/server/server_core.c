/*
 * Key server core: routing and request handling without HTTP (server.h, PROTOCOL.md 14-17).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/server.h"
#include "server/server_internal.h"

#include "seal/util.h"

/* ---- responses ------------------------------------------------------------------------------ */

void seal__server_respond(seal_server_response *resp, unsigned status, const char *content_type,
                          const char *body, size_t len) {
    free(resp->body);
    resp->body = malloc(len + 1);
    if (resp->body == NULL) {
        resp->status = 503;
        resp->body_len = 0;
        resp->content_type = "text/plain";
        return;
    }
    if (len > 0)
        memcpy(resp->body, body, len);
    resp->body[len] = '\0';
    resp->body_len = len;
    resp->status = status;
    resp->content_type = content_type;
}

void seal_server_response_clear(seal_server_response *resp) {
    if (resp == NULL)
        return;
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

seal_err seal_server_create(seal_server **out, const seal_server_config *cfg, seal_chain *chain) {
    seal_err err = SEAL_OK;
    seal_server *s = NULL;
    if (out == NULL || cfg == NULL) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    *out = NULL;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(&s->cfg, cfg, sizeof *cfg);
    s->chain = chain;
    *out = s;
    s = NULL;
out:
    seal_server_free(s);
    return err;
}

void seal_server_free(seal_server *s) {
    if (s == NULL)
        return;
    seal_server_config_clear(&s->cfg);
    seal_memzero(s, sizeof *s);
    free(s);
}

/* ---- routes --------------------------------------------------------------------------------- */

static void handle_health(seal_server_response *resp) {
    char buf[128];
    int n =
        snprintf(buf, sizeof buf, "{\"name\":\"key-server\",\"version\":\"%s\",\"status\":\"up\"}",
                 SEAL_SERVER_VERSION);
    seal__server_respond(resp, 200, "application/json", buf, (size_t)n);
}

void seal_server_handle(seal_server *s, const seal_server_request *req,
                        seal_server_response *resp) {
    memset(resp, 0, sizeof *resp);
    resp->route = "unknown";
    (void)s;
    const char *path = req->path != NULL ? req->path : "";
    const char *method = req->method != NULL ? req->method : "";
    if (strcmp(path, "/health") == 0) {
        resp->route = "/health";
        if (strcmp(method, "GET") == 0) {
            handle_health(resp);
            return;
        }
        seal__server_respond(resp, 405, "text/plain", "", 0);
        return;
    }
    seal__server_respond(resp, 404, "text/plain", "", 0);
}
