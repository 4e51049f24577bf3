/* Umbrella header: every public header of libseal. */
#ifndef SEAL_SEAL_H
#define SEAL_SEAL_H

#include "seal/error.h"
#include "seal/util.h"
#include "seal/bls12_381.h"
#include "seal/bcs.h"
#include "seal/shamir.h"
#include "seal/kdf.h"
#include "seal/dem.h"
#include "seal/object.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/elgamal.h"
#include "seal/committee_aggregate.h"
#include "seal/encrypt.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/committee.h"
#include "seal/committee_onchain.h"
#include "seal/audit.h"
#include "seal/ledger.h"
#include "seal/ledger_audit.h"
#include "seal/chain.h"
#include "seal/chain_committee.h"
#include "seal/audit_anchor.h"
#include "seal/client.h"

#endif
