"""Concept classes shared by every rubric item: a pattern group may name one as ``@shrink``
beside its own phrases. Hand-written from the course's vocabulary, not from graded answers;
each entry must mean the class in any sentence of this exam. Spec data, so a spec naming
an unknown class is refused at load.
"""

from __future__ import annotations

LEXICON: dict[str, tuple[str, ...]] = {
    "shrink": (
        "vanish*", "disappear*", "fade*", "shrink*", "diminish*", "decay*", "dwindl*",
        "die out", "dies out", "die off", "dying", "tiny", "negligib*", "tend* to zero",
        "go* to zero", "approach* zero", "close to zero", "near zero", "almost zero",
        "practically zero", "basically zero", "effectively zero", "almost nothing",
        "basically nothing", "practically nothing", "-> 0", "to 0", "smaller and smaller",
        "get* smaller", "becom* small*", "weaken*", "attenuat*", "decreas*", "underflow*",
        "peter* out", "weaker", "basically 0", "like 0", "like zero", "≈ 0", "~0", "almost 0",
        "almost no", "hardly any", "barely any",
    ),
    "grow": (
        "explod*", "blow* up", "grow* without bound", "grow* exponentially", "huge",
        "enormous", "bigger and bigger", "overflow*", "diverg*", "skyrocket*",
    ),
    "gradient": (
        "gradient*", "grad", "grads", "derivative*", "error signal*", "learning signal*",
        "training signal*", "correction signal*", "signal", "update*", "sensitivit*",
        "jacobian*", "δ", "delta*",
    ),
    "below_one": (
        "less than 1", "less than one", "below 1", "below one", "smaller than 1",
        "smaller than one", "under 1", "under one", "< 1", "<1", "at most 0.25", "≤ 0.25",
        "<= 0.25", "fraction*", "between 0 and 1", "contract*",
    ),
    "above_one": (
        "larger than 1", "greater than 1", "bigger than 1", "above 1", "more than 1", "over 1",
        "exceed* 1", "> 1", ">1", "larger than one", "greater than one", "bigger than one",
        "above one",
    ),
    "erase": (
        "eras*", "delet*", "wip*", "reset*", "discard*", "clear*", "lost", "lose*", "gone",
        "throw* away", "throw* out", "drop*", "remov*", "purg*", "flush*", "zero* out",
        "cross* out", "forget* everything", "destroy*", "nothing is kept", "nothing remains",
    ),
    "keep": (
        "keep*", "kept", "retain*", "preserv*", "maintain*", "remember*", "unchanged",
        "intact", "untouched", "stay*", "survive*",
    ),
    "write": (
        "writ*", "add", "adds", "added", "adding", "insert*", "stor*", "admit*", "let in",
        "let into", "incorporat*", "put* in", "put* into",
    ),
    "expose": ("expos*", "output*", "reveal*", "show*", "emit*", "read*", "visibl*", "releas*"),
    "decide": (
        "control*", "decid*", "regulat*", "choos*", "select*", "determin*", "filter*",
        "manag*", "govern*", "modulat*",
    ),
    "slow": (
        "slow*", "crawl*", "forever", "ages", "long time", "too long", "very long",
        "many iteration*", "many step*", "many epoch*", "sluggish*", "stuck", "stall*",
        "takes long", "take long", "long to converge",
    ),
    "overshoot": (
        "overshoot*", "oscillat*", "diverg*", "explod*", "jump* over", "jump* around",
        "jump* past", "bounce*", "unstable", "instabil*", "miss* the minimum", "blow* up",
        "zig*", "fly off", "flies off", "shoot* past", "past the minimum", "never settl*",
        "never converg*",
    ),
    "sequence": (
        "sequen*", "stream", "series", "time step*", "timestep*", "step by step",
        "one at a time", "one by one", "each step", "word by word", "token by token",
        "element by element", "one after the other", "one after another", "in order",
        "successive*", "consecutive*",
    ),
    "penalise": (
        "penal*", "punish*", "weigh*", "count* more", "cost* more", "emphas*", "hurt*",
        "magnif*", "amplif*", "matter* more", "dominat*", "disproportionat*",
    ),
    "convex": (
        "convex", "bowl", "u-shaped", "one valley",
        "single valley", "no local minim*", "no bad local", "no other minim*",
        "unique minim*", "single minim*", "only one minim*", "global minim*",
    ),
    "reuse": (
        "reus*", "cache*", "recycl*", "memoi*", "already computed", "without recomput*",
        "no recomput*", "hand* down", "pass* back", "pass* on",
    ),
    "fragile": (
        "numeric*", "unstable", "instabil*", "ill-condition*", "illcondition*",
        "ill condition*", "badly condition*", "poorly condition*", "round-off",
        "roundoff", "precision", "fragile", "singular", "condition number", "lose* digits",
        "floating point",
    ),
    # the three LSTM gates by name, shorthand or role-name ("keep switch", "(forget)")
    "forget_gate": (
        "forget gate*", "forgetgate*", "f gate*", "forget g", "forget gt", "(forget)",
        "keep gate*", "keep switch*", "keepswitch*", "remember gate*", "retention gate*",
        "forget-gate*", "f_t gate*", "gate f", "fgt gate*", "frgt gate*", "forgt gate*",
        "forget editor*", "forget valve*", "forget unit*", "forget gatekeeper*", "forget switch*",
        "retention valve*", "retention unit*", "erase unit*", "erase gate*", "keep mask*",
    ),
    "input_gate": (
        "input gate*", "inputgate*", "i gate*", "input g", "input gt", "inpt gt", "(input)",
        "write gate*", "write switch*", "writeswitch*", "i_t gate*", "gate i", "inp gate*",
        "inpt gate*", "input editor*", "input valve*", "input unit*", "input gatekeeper*",
        "input switch*", "admission valve*", "admission gate*", "write unit*", "write mask*",
    ),
    "output_gate": (
        "output gate*", "outputgate*", "o gate*", "o/p gate*", "output g", "output gt",
        "outpt gt", "outpt gate*", "(output)", "read gate*", "read switch*", "readswitch*",
        "exposure gate*", "o_t gate*", "gate o", "output editor*", "output valve*", "output unit*",
        "output gatekeeper*", "output switch*", "emission valve*", "emission gate*", "read unit*",
        "read mask*",
    ),
    "iterative": (
        "gradient descent", "sgd", "stochastic", "iterativ*", "iteration*", "mini-batch*",
        "minibatch*", "gd", "downhill step*", "small step*", "adam", "momentum", "online",
        "incremental*", "first-order", "conjugate gradient",
    ),
}  # fmt: skip

# a gate described by an analogy: "the forget bouncer", "the write valve", "the read head"
_GATE_NOUNS = (
    "bouncer*", "door*", "guard*", "knob*", "dial*", "tap*", "filter*", "head*", "controller*",
    "gate", "valve*", "switch*", "mask*", "keeper*", "gatekeeper*",
)  # fmt: skip
_GATE_ROLES = {
    "forget_gate": ("forget", "keep", "retention", "erase", "remember", "clearing"),
    "input_gate": ("input", "write", "admission"),
    "output_gate": ("output", "read", "exposure", "emission"),
}
# gates counted off in the usual order: "the first valve clears…", "valve two lets in…"
_ORDER = {
    "forget_gate": ("first", "one"),
    "input_gate": ("second", "two"),
    "output_gate": ("third", "three"),
}
for _gate, _roles in _GATE_ROLES.items():
    _nth, _count = _ORDER[_gate]
    _named = tuple(f"{role} {noun}" for role in (*_roles, _nth) for noun in _GATE_NOUNS)
    _counted = tuple(f"{noun} {_count}" for noun in _GATE_NOUNS)
    # a note's label, the role's own name: "forget: throw away stuff", "output -> h"
    _label = (f"{_roles[0]}:", f"{_roles[0]} ->")
    LEXICON[_gate] = tuple(dict.fromkeys((*LEXICON[_gate], *_named, *_counted, *_label)))
