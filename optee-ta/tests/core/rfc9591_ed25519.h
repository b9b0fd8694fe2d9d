/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 9591 Appendix E.1, FROST(Ed25519, SHA-512): the published inputs and
 * outputs (t = 2, n = 3, signers 1 and 3, message "test"), as values. The RFC
 * lists no challenge and no Lagrange coefficients (empty here); the group
 * commitment is the signature's first half.
 */
#ifndef TRIAD_RFC9591_ED25519_H
#define TRIAD_RFC9591_ED25519_H

#include "frost_kat.h"

static const char *const rfc_group_sk =
	"7b1c33d3f5291d85de664833beb1ad469f7fb6025a0ec78b3a790c6e13a98304";
static const char *const rfc_coefficient =
	"178199860edd8c62f5212ee91eff1295d0d670ab4ed4506866bae57e7030b204";

static const struct kat_participant rfc_participants[] = {
	{ 1, "929dcc590407aae7d388761cddb0c0db6f5627aea8e217f4a033f2ec83d93509", "" },
	{ 2, "a91e66e012e4364ac9aaa405fcafd370402d9859f7b6685c07eed76bf409e80d", "" },
	{ 3, "d3cb090a075eb154e82fdb4b3cb507f110040905468bb9c46da8bdea643a9a02", "" },
};

static const struct kat_signing rfc_signing[] = {
	{ "rfc9591-e1", "74657374",
	  "154fb694ee7fcb37bf2381d94488c2a84b03b3352ad085feca81ad26d45852b7", "",
	  "154fb694ee7fcb37bf2381d94488c2a84b03b3352ad085feca81ad26d45852b7"
	  "ecfe971ce4da95c4a95db93ac376b053897fca212ef85f99cf696bffeb178f07",
	  "", 2,
	  { { 1, "06894e04ee4aceec8619d5f6a0a180e2f47194d2ac306cba586b555e7c48d765",
	      "40d6f879ff22e22409f7d808fed81f37118e7d3e4af71c0f44c60207553bcbce",
	      "ef6599dea4010581a72b3018c37c29a4341d7cab0773e8687ca74dcf14009701",
	      "2baadfa0c69aa60d517ad4751de372a73f9d89cfc39026601f18458cdec12605",
	      "9b116f12589591a7e23fe8048059ab10ab48e67739e7a2fb3890f61a7999478c",
	      "c39b66b7dfccb122da24f13587f9a08c4347cae70046ca15169adf90ba65854d",
	      "ff960a65374e216a0918729b153466016664fa980d409bc3f308daa7acb30d0d", "",
	      "60997f0142e43e8005027fe5ab7447dac00d22c2d7ddd9571a02613ba7d81c08" },
	    { 3, "fa5d950626782aade9e33fa781376d4888c2d1de7c37518bc248eb818ed0cdde",
	      "7459a4d14ded0e365b085271be8dc6600d5b88f3978a2174297ffa32001a5afc",
	      "80f8d9a4b8f9366e1a0b618107c907cd3ee29fa9bb40b4691cc1bde696240005",
	      "2610b664a5a187b4855e87d2ff485bebdf043dc2f161fcd4854cd01dc0276404",
	      "e679a2a971748ccfaabead4dbe8ac1def61275c186c79d471e1e45091ad1e687",
	      "b2a942478453fabb6bd3181c56ba657413447b4136e1daea2484d396d1a516b3",
	      "279d48ec56f16d234c09ea62f3d02ab776ee38e03f66b20f939f1316e13df10f", "",
	      "79390e78bc59699c7af831f8f5fb478ec871a85f561a8641b5670ac4443f720f" } } },
};

static const struct kat_set rfc_set = {
	"15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673", 2,
	rfc_participants, sizeof(rfc_participants) / sizeof(rfc_participants[0]),
	rfc_signing, sizeof(rfc_signing) / sizeof(rfc_signing[0]),
	"", NULL, 0, NULL, 0,
};

#endif /* TRIAD_RFC9591_ED25519_H */
