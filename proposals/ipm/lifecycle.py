"""The lifecycles of IPM cycles and agenda items, as tables (`club.core.lifecycle`).

Cycle: collection ──start_instruction──▶ instruction ──start_arbitration──▶ arbitration
       ──close──▶ closed. Every move leaves a `CycleTransition` (who, when, why).

Agenda item: its state is computed, never stored: its cycle's phase until the IPM decides,
then « decided ». Instructing is open during instruction and arbitration, arguing until the
cycle closes, and the decision only during arbitration (its `Decision` row is the history:
who, when, why).
"""

from django.utils.translation import gettext_lazy as _

from club.core.lifecycle import Lifecycle, register, step
from proposals.ipm import rules
from proposals.ipm.models import AgendaItem, Cycle, CycleTransition, Phase


def _cycle_history(cycle, *, transition, from_state, actor, reason, details):
    return CycleTransition.objects.create(
        cycle=cycle,
        from_phase=from_state,
        to_phase=transition.target,
        actor=actor,
        reason=reason,
        created_at=cycle.phase_changed_at,
    )


CYCLES = register(
    Lifecycle(
        "ipm_cycle",
        model=Cycle,
        state_field="phase",
        transitions=(
            step(
                "start_instruction",
                {Phase.COLLECTION},
                Phase.INSTRUCTION,
                rules.can_manage_cycles,
                _("passer en instruction"),
            ),
            step(
                "start_arbitration",
                {Phase.INSTRUCTION},
                Phase.ARBITRATION,
                rules.can_manage_cycles,
                _("passer en arbitrage"),
            ),
            step("close", {Phase.ARBITRATION}, Phase.CLOSED, rules.can_manage_cycles, _("clore")),
        ),
        history=_cycle_history,
        refusal=_("Le cycle est en phase « %(status)s » : impossible de %(action)s."),
    )
)


def cycle_move_to(phase: str) -> str | None:
    """The name of the transition that leads to `phase`."""
    return next((t.name for t in CYCLES.transitions.values() if t.target == phase), None)


DECIDED = "decided"
ALREADY_DECIDED = _(
    "Une décision est déjà enregistrée pour ce point : elle ne peut l'être deux fois."
)
ITEM_STATES = {
    **{phase.value: phase.label for phase in Phase},
    DECIDED: _("Décidé par l'IPM"),
}


def item_state(item: AgendaItem) -> str:
    """Its cycle's phase, but « decided » once the IPM decided and until the cycle closes
    (prefetched decisions are used)."""
    phase = item.cycle.phase
    if phase != Phase.CLOSED and item.decisions.all():
        return DECIDED
    return phase


ITEMS = register(
    Lifecycle(
        "ipm_item",
        model=AgendaItem,
        state_field=None,
        state_of=item_state,
        state_label=lambda item: ITEM_STATES[item_state(item)],
        transitions=(
            # A decided item's cycle is in arbitration: its file may still be completed.
            step(
                "instruct",
                {Phase.INSTRUCTION, Phase.ARBITRATION, DECIDED},
                None,
                rules.can_instruct_item,
                _("instruire"),
            ),
            step(
                "argue",
                {Phase.COLLECTION, Phase.INSTRUCTION, Phase.ARBITRATION, DECIDED},
                None,
                rules.can_argue_item,
                _("ajouter un argument"),
                refusal=_("Ce cycle est clos."),
            ),
            step(
                "decide",
                {Phase.ARBITRATION},
                DECIDED,
                rules.can_record_decision,
                _("enregistrer la décision"),
                refusal=lambda state: (
                    ALREADY_DECIDED
                    if state == DECIDED
                    else _("Les décisions se prennent pendant la phase d'arbitrage du cycle.")
                ),
            ),
        ),
        refusal=_("Ce point est « %(status)s » : impossible de %(action)s."),
    )
)
