/* gRPC-web entry of the HTTP/1.1 server (grpc_web.c), kept apart from grpc.h so that server.c
 * needs no protobuf headers. */
#ifndef SEAL_LOCALNET_GRPC_WEB_H
#define SEAL_LOCALNET_GRPC_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "localnet/internal.h"

struct MHD_Response;

typedef struct seal__localnet_grpc_info {
    char method[64];      /* Service/Method, for the log */
    uint32_t grpc_status; /* the status answered */
    size_t out_len;       /* body bytes */
} seal__localnet_grpc_info;

/* Whether a POST goes to the gRPC service: a gRPC content type, or a /sui.rpc.v2. path with a
 * content type that is not JSON-RPC's. */
bool seal__localnet_is_grpc(const char *url, const char *content_type);

/* The gRPC-web answer (HTTP 200) to a POST of body[0..len) to url (too_big: the body was over
 * the limit and discarded). NULL on memory exhaustion. */
struct MHD_Response *seal__localnet_grpc_web(seal_localnet_rpc *s, const char *url,
                                             const char *content_type, const char *body, size_t len,
                                             bool too_big, seal__localnet_grpc_info *info);

#endif
