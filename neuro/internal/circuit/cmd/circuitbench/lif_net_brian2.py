#!/usr/bin/python3
"""circuitbench's network in Brian2: lif_net_brian2.py NET.npz numpy|cpp [DIR]

Reads the network that circuitbench drew (see circuit.Bench and
lif_net_numpy.py), builds it with connect(i=..., j=...) and the state set
from its arrays, runs it with Brian2's numpy target or as a C++ standalone
program (generated, compiled and run in DIR), and prints one line:
RESULT run=<s> spikes=<count>, run being Brian2's own measure of the
simulation loop, in processor time: the C++ standalone measures it with
std::clock; for the numpy target, Brian2's clock (time.time in
brian2.core.network) is replaced by time.process_time.

Brian2's default schedule sets the conventions the other contenders follow:
in each step the state updater integrates v (unless refractory) and decays
gE and gI, then the threshold, then the synapses add their jumps to the
decayed conductances, then the reset; a cell is integrated again once
timestep(t - lastspike) >= timestep(t_ref), that is `held` steps after the
step of its spike.
"""
import sys
import time
import types
import warnings

warnings.filterwarnings("ignore")
import numpy as np
from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, nA, nF, Mohm, prefs,
                    run, set_device, usiemens)
import brian2.core.network

brian2.core.network.time = types.SimpleNamespace(time=time.process_time)

net = np.load(sys.argv[1])
mode = sys.argv[2]
N, NE, held, steps = (int(net[k]) for k in ("n", "ne", "held", "steps"))
dt, tref = float(net["dt"]), float(net["t_ref"])
if int(tref / dt + 1e-3) - 1 != held:  # Brian2's timestep(), as in its refractory code
    sys.exit(f"lif_net_brian2.py: t_ref = {tref} ms gives {int(tref / dt + 1e-3) - 1} held steps, the file {held}")
if mode == "cpp":
    outdir = sys.argv[3]
    set_device("cpp_standalone", directory=outdir, build_on_run=False)
else:
    prefs.codegen.target = "numpy"
defaultclock.dt = dt * ms
ns = dict(EL=float(net["e_l"]) * mV, Vth=float(net["v_th"]) * mV, Vr=float(net["v_reset"]) * mV,
          R=float(net["r"]) * Mohm, C=float(net["c"]) * nF, EE=float(net["e_e"]) * mV, EI=float(net["e_i"]) * mV,
          tauE=float(net["tau_e"]) * ms, tauI=float(net["tau_i"]) * ms,
          jumpE=float(net["jump_e"]) * usiemens, jumpI=float(net["jump_i"]) * usiemens)
eqs = """dv/dt = (Iext - gE*(v - EE) - gI*(v - EI) - (v - EL)/R)/C : volt (unless refractory)
dgE/dt = -gE/tauE : siemens
dgI/dt = -gI/tauI : siemens
Iext : amp (constant)"""
G = NeuronGroup(N, eqs, threshold="v >= Vth", reset="v = Vr", refractory=tref * ms, method="euler", namespace=ns)
G.v = net["v0"] * mV
G.Iext = net["drive"] * nA
start, post = net["start"].astype(np.int64), net["post"].astype(np.int64)
pre = np.repeat(np.arange(N), np.diff(start))
split = start[NE]  # the synapses of the excitatory neurons come first
SE = Synapses(G, G, on_pre="gE_post += jumpE", namespace=ns)
SE.connect(i=pre[:split], j=post[:split])
SI = Synapses(G, G, on_pre="gI_post += jumpI", namespace=ns)
SI.connect(i=pre[split:], j=post[split:])
M = SpikeMonitor(G, record=False)
run(steps * dt * ms)
if mode == "cpp":
    device.build(directory=outdir, compile=True, run=True, debug=False)
print(f"RESULT run={device._last_run_time:.6f} spikes={int(M.num_spikes)}")
