#!/usr/bin/python3
"""circuitbench's network in numpy, vectorized: lif_net_numpy.py NET.npz

Reads the network that circuitbench drew (connections, initial potentials,
drive, parameters; see circuit.Bench), runs it with the Go circuit's
arithmetic in the Go circuit's order, so that the states agree bit for bit,
and prints one line: RESULT run=<s> spikes=<count>, run being the processor
time of the simulation loop.

One step: the cells take a forward-Euler step with the conductances at the
step's start (a cell held after a spike stays at V_reset), the conductances
decay by 1 - dt/tau, the cells at threshold fire, are reset and held for
`held` steps, and each spike adds its jump to the decayed conductances of its
targets (np.add.at, one target after the other, as Brian2's numpy target does).
"""
import sys
import time

import numpy as np

net = np.load(sys.argv[1])
N, NE, held, steps = (int(net[k]) for k in ("n", "ne", "held", "steps"))
dt, EL, Vth, Vr, R, C = (float(net[k]) for k in ("dt", "e_l", "v_th", "v_reset", "r", "c"))
EE, EI, tauE, tauI = (float(net[k]) for k in ("e_e", "e_i", "tau_e", "tau_i"))
jumpE, jumpI = float(net["jump_e"]), float(net["jump_i"])
start, post = net["start"].astype(np.int64), net["post"]
V, drive = net["v0"].copy(), net["drive"]
gE, gI = np.zeros(N), np.zeros(N)
ref = np.zeros(N, dtype=np.int32)
a, invR = dt / C, 1 / R
dE, dI = 1 - dt / tauE, 1 - dt / tauI


def targets(js):
    """The targets of the neurons js, one neuron after the other."""
    s = start[js]
    n = start[js + 1] - s
    return post[np.repeat(s - np.cumsum(n) + n, n) + np.arange(n.sum())]


spikes = 0
t0 = time.process_time()
for _ in range(steps):
    current = drive - gE * (V - EE) - gI * (V - EI)
    Vn = V + a * (current - (V - EL) * invR)
    gE *= dE
    gI *= dI
    free = ref == 0
    ref -= ~free
    V = np.where(free, Vn, Vr)
    fired = np.flatnonzero(free & (V >= Vth))
    if fired.size:
        spikes += fired.size
        V[fired] = Vr
        ref[fired] = held
        np.add.at(gE, targets(fired[fired < NE]), jumpE)
        np.add.at(gI, targets(fired[fired >= NE]), jumpI)
run = time.process_time() - t0
print(f"RESULT run={run:.6f} spikes={spikes}")
