"""The cd loss: visible-bias start, CD/PCD values and logs, per-level stacks, resumable chains."""

import io

import pytest
import torch
from torch import nn

from nnspec.losses.energy import ContrastiveDivergence
from nnspec.nn.rbm import RBM
from nnspec.nn.rbm_stack import RBMStack

B, V, H = 8, 6, 4


def params(**over) -> dict:
    return {"model": "rbm", "k": 2, "persistent": False, "chains": None, "weight_cost": 0.0} | over


def data(n: int = 20) -> torch.Tensor:
    g = torch.Generator().manual_seed(1)
    x = torch.bernoulli(torch.full((n, V), 0.3, dtype=torch.float64), generator=g)
    x[:, 0] = 1.0  # a unit always on: its bias must come out finite
    return x


def model(kind: str = "rbm"):
    torch.manual_seed(0)
    net = RBM(V, H, init_std=0.5) if kind == "rbm" else RBMStack(V, [H, 3], init_std=0.5)
    return net.double()


def test_visible_bias_starts_at_the_data_log_odds(make_rt):
    rbm, x = model(), data()
    ContrastiveDivergence("cd", params(), make_rt({"rbm": rbm}, x))
    p = x.mean(0).clamp(1e-3, 1 - 1e-3)
    assert torch.allclose(rbm.a, torch.log(p / (1 - p)))


def test_cd_value_is_the_rbm_surrogate_plus_weight_cost(make_rt, replay):
    rbm, x = model(), data()
    rt = make_rt({"rbm": rbm}, x)
    loss = ContrastiveDivergence("cd", params(weight_cost=0.1), rt)
    g = replay(rt)
    value, logs = loss(x[:B], None)
    gap, _, stats = rbm.cd_loss(x[:B], 2, None, g)
    assert torch.allclose(value, gap + 0.05 * rbm.W.pow(2).sum())
    assert set(logs) == {"loss", "free_energy_gap", "reconstruction_error"}
    assert torch.allclose(logs["free_energy_gap"], gap)
    assert torch.allclose(logs["reconstruction_error"], stats["reconstruction_error"])


@pytest.mark.parametrize("kind", ["rbm", "stack"])
def test_unlogged_steps_write_the_same_gradients_and_compute_no_value(kind, make_rt):
    """The gap is only logged: an unlogged step skips it, and its update is unchanged."""

    def step(detail: bool) -> tuple:
        net, x = model(kind), data()
        rt = make_rt({"rbm": net}, x)
        rt.detail = detail  # False: as the loop sets it on the steps it does not log
        value, logs = ContrastiveDivergence("cd", params(persistent=True), rt)(x[:B], None)
        return value, logs, [p.grad for p in net.parameters()]

    (value, logs, grads), (logged, _, logged_grads) = step(False), step(True)
    assert value is None and logs == {}
    assert logged is not None
    assert all(torch.equal(a, b) for a, b in zip(grads, logged_grads, strict=True))


def test_the_summand_keeps_its_value_on_unlogged_steps(make_rt):
    rbm, x = model(), data()
    rt = make_rt({"rbm": rbm}, x)
    rt.detail = False
    value, _ = ContrastiveDivergence("cd", params(), rt).summand(None)(x[:B], None)
    assert value.requires_grad


@pytest.mark.parametrize("persistent", [False, True])
@pytest.mark.parametrize("weight_cost", [0.0, 0.1])
def test_written_gradients_equal_the_summands_autograd_gradients(
    persistent, weight_cost, make_rt, replay
):
    def gradients(explicit: bool) -> list[torch.Tensor]:
        rbm, x = model(), data()
        loss = ContrastiveDivergence(
            "cd", params(persistent=persistent, weight_cost=weight_cost), make_rt({"rbm": rbm}, x)
        )
        term = loss.term(None) if explicit else loss.summand(None)
        value, _ = term(x[:B], None)
        assert value.requires_grad is not explicit
        if not explicit:
            value.backward()
        return [p.grad for p in rbm.parameters()]

    assert ContrastiveDivergence.writes_gradients
    for written, backward in zip(gradients(True), gradients(False), strict=True):
        assert torch.allclose(written, backward)


def test_nothing_is_written_with_grad_disabled_or_to_frozen_parameters(make_rt):
    rbm, x = model(), data()
    loss = ContrastiveDivergence("cd", params(), make_rt({"rbm": rbm}, x))
    with torch.no_grad():
        loss(x[:B], None)
    assert all(p.grad is None for p in rbm.parameters())
    rbm.a.requires_grad_(False)
    loss(x[:B], None)
    assert rbm.a.grad is None and rbm.W.grad is not None and rbm.b.grad is not None


@pytest.mark.parametrize(("chains", "count"), [(None, B), (5, 5)])
def test_persistent_chains_start_once_and_advance(chains, count, make_rt):
    rbm, x = model(), data()
    loss = ContrastiveDivergence(
        "cd", params(persistent=True, chains=chains), make_rt({"rbm": rbm}, x)
    )
    _, logs = loss(x[:B], None)
    assert "reconstruction_error" not in logs
    state = loss.chains[0].state.clone()
    assert state.shape == (count, H)
    loss(x[:B], None)
    assert not torch.equal(state, loss.chains[0].state)


def test_evaluation_leaves_the_persistent_chains_alone(make_rt):
    rbm, x = model(), data()
    loss = ContrastiveDivergence("cd", params(persistent=True), make_rt({"rbm": rbm}, x))
    loss(x[:B], None)
    state = loss.chains[0].state.clone()
    rbm.eval()
    with torch.no_grad():
        loss(x[:B], None)
    assert torch.equal(state, loss.chains[0].state)


def round_trip(state: dict) -> dict:
    buffer = io.BytesIO()
    torch.save(state, buffer)
    buffer.seek(0)
    return torch.load(buffer, weights_only=True)


def test_persistent_state_round_trips_and_resumes_exactly(make_rt, replay):
    rbm, x = model("stack"), data()
    rt = make_rt({"rbm": rbm}, x)
    loss = ContrastiveDivergence("cd", params(persistent=True), rt)
    for level in (0, 1):
        loss.level_term(level, "mean")(x[:B], None)
    saved, weights, g = round_trip(loss.state_dict()), round_trip(rbm.state_dict()), replay(rt)
    expected, _ = loss.level_term(1, "mean")(x[:B], None)

    fresh = model("stack")
    fresh.load_state_dict(weights)
    rt2 = make_rt({"rbm": fresh}, x)
    rt2.generator.set_state(g.get_state())
    resumed = ContrastiveDivergence("cd", params(persistent=True), rt2)
    resumed.load_state_dict(saved)
    assert resumed.ready == {0, 1} and set(resumed.chains) == {0, 1}
    value, _ = resumed.level_term(1, "mean")(x[:B], None)
    assert torch.equal(value, expected)
    assert torch.equal(resumed.chains[1].state, loss.chains[1].state)


def test_chains_saved_as_visible_states_resume_from_a_hidden_draw(make_rt, replay):
    rbm, x = model(), data()
    rt = make_rt({"rbm": rbm}, x)
    loss = ContrastiveDivergence("cd", params(persistent=True), rt)
    visible = x[:5]  # what checkpoints written before the chains kept hidden states hold
    g = replay(rt)
    loss.load_state_dict({"chains": {0: visible}, "initialised": [0]})
    expected = torch.bernoulli(rbm.hidden_probs(visible).detach(), generator=g)
    assert torch.equal(loss.chains[0].state, expected) and loss.chains[0].state.shape == (5, H)


def test_a_checkpoint_without_loss_state_keeps_the_fresh_state(make_rt):
    loss = ContrastiveDivergence("cd", params(persistent=True), make_rt({"rbm": model()}, data()))
    loss.load_state_dict({})
    assert loss.ready == {0} and loss.chains == {}


def test_stack_levels_train_one_rbm_each_on_the_up_pass(make_rt, replay):
    stack, x = model("stack"), data()
    rt = make_rt({"rbm": stack}, x)
    loss = ContrastiveDivergence("cd", params(), rt)
    assert loss.levels() == 2 and loss.ready == {0}
    level = loss.level_params(1)
    assert len(level) == 3 and all(
        a is b for a, b in zip(level, stack.layers[1].parameters(), strict=True)
    )
    g = replay(rt)
    value, _ = loss.level_term(1, "sample")(x[:B], None)
    # the upper level's visible bias started from the mean-field codes of all the data
    p = stack.layers[0].hidden_probs(x).mean(0).clamp(1e-3, 1 - 1e-3)
    assert loss.ready == {0, 1} and torch.allclose(stack.layers[1].a, torch.log(p / (1 - p)))
    expected, _, _ = stack.layer_loss(1, x[:B], 2, None, g, "sample")
    assert torch.allclose(value, expected)
    assert all(p.grad is None for p in stack.layers[0].parameters())
    assert all(p.grad is not None for p in stack.layers[1].parameters())


def test_whole_stack_sums_its_levels(make_rt):
    stack, x = model("stack"), data()
    value, logs = ContrastiveDivergence("cd", params(), make_rt({"rbm": stack}, x))(x[:B], None)
    assert torch.allclose(value, logs["layer0/loss"] + logs["layer1/loss"])
    assert torch.equal(logs["loss"], value.detach())


def test_only_energy_models_are_accepted(make_rt):
    with pytest.raises(AttributeError, match="rbm_levels"):  # validate refuses it first
        ContrastiveDivergence("cd", params(), make_rt({"rbm": nn.Linear(V, 2)}, data()))


def test_evaluating_a_stack_sets_no_upper_bias(make_rt):
    stack, x = model("stack"), data()
    loss = ContrastiveDivergence("cd", params(), make_rt({"rbm": stack}, x))
    stack.eval()
    with torch.no_grad():
        loss(x[:B], None)
    assert loss.ready == {0} and torch.equal(stack.layers[1].a, torch.zeros(4, dtype=torch.float64))
