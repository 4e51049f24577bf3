/*
 * Signatures of the functions the ledger publishes (upstream move/patterns, examples/move and
 * seal), as Sui's normalized Move functions describe them: what a node answers for
 * sui_getNormalizedMoveFunction / GetFunction, and what input resolution reads to decide whether
 * a shared object is passed mutably (a `&mut T` or by-value `T` parameter).
 */
#include <string.h>

#include "ledger/internal.h"
#include "seal/sui.h"

#define SEAL SEAL_LEDGER_SEAL_PACKAGE
#define PAT SEAL_LEDGER_PATTERNS_PACKAGE
#define EXA SEAL_LEDGER_EXAMPLES_PACKAGE
#define PRIV SEAL_LEDGER_VISIBILITY_PRIVATE
#define PUB SEAL_LEDGER_VISIBILITY_PUBLIC

#define TXC "&0x2::tx_context::TxContext"
#define TXCM "&mut 0x2::tx_context::TxContext"
#define STR "0x1::string::String"
#define CLK "&0x2::clock::Clock"

static const seal_ledger_function ABI[] = {
    {SEAL, "time", "check_staleness", PUB, false, {"u64", "u64", CLK}, {0}},
    {SEAL,
     "key_server",
     "create_and_transfer_v2_independent_server",
     PUB,
     true,
     {STR, STR, "u8", "vector<u8>", TXCM},
     {0}},
    {PAT,
     "whitelist",
     "seal_approve",
     PRIV,
     true,
     {"vector<u8>", "&0x5ea2::whitelist::Whitelist", TXC},
     {0}},
    {PAT, "whitelist", "create_whitelist_entry", PRIV, true, {TXCM}, {0}},
    {PAT,
     "whitelist",
     "add",
     PUB,
     false,
     {"&mut 0x5ea2::whitelist::Whitelist", "&0x5ea2::whitelist::Cap", "address"},
     {0}},
    {PAT,
     "whitelist",
     "remove",
     PUB,
     false,
     {"&mut 0x5ea2::whitelist::Whitelist", "&0x5ea2::whitelist::Cap", "address"},
     {0}},
    {PAT, "account_based", "seal_approve", PRIV, true, {"vector<u8>", TXC}, {0}},
    {PAT, "tle", "seal_approve", PRIV, true, {"vector<u8>", CLK}, {0}},
    {PAT,
     "subscription",
     "seal_approve",
     PRIV,
     true,
     {"vector<u8>", "&0x5ea2::subscription::PackageVersion", "&0x5ea2::subscription::Subscription",
      "&0x5ea2::subscription::Service", CLK},
     {0}},
    {PAT, "subscription", "create_service_entry", PRIV, true, {"u64", "u64", TXCM}, {0}},
    {PAT,
     "subscription",
     "subscribe",
     PUB,
     false,
     {"0x2::coin::Coin<0x2::sui::SUI>", "&0x5ea2::subscription::Service", CLK, TXCM},
     {"0x5ea2::subscription::Subscription"}},
    {PAT,
     "subscription",
     "transfer",
     PUB,
     false,
     {"0x5ea2::subscription::Subscription", "address"},
     {0}},
    {PAT,
     "private_data",
     "store",
     PUB,
     false,
     {"vector<u8>", "vector<u8>", TXCM},
     {"0x5ea2::private_data::PrivateData"}},
    {PAT,
     "private_data",
     "seal_approve",
     PRIV,
     true,
     {"vector<u8>", "&0x5ea2::private_data::PrivateData"},
     {0}},
    {PAT, "private_data", "store_entry", PRIV, true, {"vector<u8>", "vector<u8>", TXCM}, {0}},
    {PAT, "voting", "seal_approve", PRIV, true, {"vector<u8>", "&0x5ea2::voting::Vote"}, {0}},
    {PAT, "voting", "cast_vote", PRIV, true, {"&mut 0x5ea2::voting::Vote", "vector<u8>", TXC}, {0}},
    {EXA,
     "allowlist",
     "seal_approve",
     PRIV,
     true,
     {"vector<u8>", "&0x5ea3::allowlist::Allowlist", TXC},
     {0}},
    {EXA, "allowlist", "create_allowlist_entry", PRIV, true, {STR, TXCM}, {0}},
    {EXA,
     "allowlist",
     "add",
     PUB,
     false,
     {"&mut 0x5ea3::allowlist::Allowlist", "&0x5ea3::allowlist::Cap", "address"},
     {0}},
    {EXA,
     "allowlist",
     "remove",
     PUB,
     false,
     {"&mut 0x5ea3::allowlist::Allowlist", "&0x5ea3::allowlist::Cap", "address"},
     {0}},
    {EXA,
     "allowlist",
     "publish",
     PUB,
     false,
     {"&mut 0x5ea3::allowlist::Allowlist", "&0x5ea3::allowlist::Cap", STR},
     {0}},
    {EXA,
     "subscription",
     "seal_approve",
     PRIV,
     true,
     {"vector<u8>", "&0x5ea3::subscription::Subscription", "&0x5ea3::subscription::Service", CLK},
     {0}},
    {EXA, "subscription", "create_service_entry", PRIV, true, {"u64", "u64", STR, TXCM}, {0}},
    {EXA,
     "subscription",
     "subscribe",
     PUB,
     false,
     {"0x2::coin::Coin<0x2::sui::SUI>", "&0x5ea3::subscription::Service", CLK, TXCM},
     {"0x5ea3::subscription::Subscription"}},
    {EXA,
     "subscription",
     "transfer",
     PUB,
     false,
     {"0x5ea3::subscription::Subscription", "address"},
     {0}},
    {EXA,
     "subscription",
     "publish",
     PUB,
     false,
     {"&mut 0x5ea3::subscription::Service", "&0x5ea3::subscription::Cap", STR},
     {0}},
};

const seal_ledger_function *seal_ledger_function_at(size_t i) {
    return i < sizeof ABI / sizeof ABI[0] ? &ABI[i] : NULL;
}

bool seal_ledger_is_published_package(const uint8_t pkg[static 32]) {
    return memcmp(pkg, SEAL, 32) == 0 || memcmp(pkg, PAT, 32) == 0 || memcmp(pkg, EXA, 32) == 0;
}

static bool name_eq(const char *s, const char *p, size_t n) {
    return strlen(s) == n && memcmp(s, p, n) == 0;
}

const seal_ledger_function *seal_ledger_function_find(const uint8_t pkg[static 32],
                                                      const char *module, size_t module_len,
                                                      const char *name, size_t name_len) {
    for (size_t i = 0; i < sizeof ABI / sizeof ABI[0]; i++)
        if (memcmp(ABI[i].package, pkg, 32) == 0 && name_eq(ABI[i].module, module, module_len) &&
            name_eq(ABI[i].name, name, name_len))
            return &ABI[i];
    return NULL;
}

bool seal_ledger_module_exists(const uint8_t pkg[static 32], const char *module,
                               size_t module_len) {
    for (size_t i = 0; i < sizeof ABI / sizeof ABI[0]; i++)
        if (memcmp(ABI[i].package, pkg, 32) == 0 && name_eq(ABI[i].module, module, module_len))
            return true;
    return false;
}

size_t seal_ledger_function_arity(const seal_ledger_function *f) {
    size_t n = 0;
    while (n < SEAL_LEDGER_FUNCTION_MAX_PARAMS && f->params[n] != NULL)
        n++;
    return n;
}

int seal_ledger_param_reference(const char *param, const char **type) {
    int ref = 0;
    if (strncmp(param, "&mut ", 5) == 0) {
        ref = 2;
        param += 5;
    } else if (param[0] == '&') {
        ref = 1;
        param += 1;
    }
    if (type != NULL)
        *type = param;
    return ref;
}
