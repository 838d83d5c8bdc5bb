package main

// numpyScript is ../shared/bench/lif_net_numpy.py with the connection
// probability as a second argument (default 0.1) and one machine-readable
// line at the end.
const numpyScript = `#!/usr/bin/python3
# ../shared/bench/lif_net_numpy.py with the connection probability as a second
# argument (default 0.1) and one machine-readable line at the end.
import numpy as np, sys, time
N=int(sys.argv[1]) if len(sys.argv)>1 else 1000
P=float(sys.argv[2]) if len(sys.argv)>2 else 0.1
T=1000.0; dt=0.1; steps=int(T/dt)
rng=np.random.default_rng(1)
NE=int(0.8*N)
EL,Vth,Vr,tau,R=-65.0,-50.0,-65.0,10.0,10.0
EE,EI,tE,tI=0.0,-80.0,5.0,10.0
W=(rng.random((N,N))<P).astype(np.float64)
W[:, :NE]*=0.004; W[:, NE:]*=0.016   # uS per spike
V=EL+rng.random(N)*15; gE=np.zeros(N); gI=np.zeros(N); ref=np.zeros(N)
Iext=1.6+0.2*rng.random(N)
nsp=0; t0=time.time()
for k in range(steps):
    Isyn=gE*(EE-V)+gI*(EI-V)
    dV=(EL-V+R*(Iext+Isyn))/tau
    V=np.where(ref>0, Vr, V+dt*dV)
    ref=np.maximum(ref-dt,0)
    s=V>=Vth
    if s.any():
        idx=np.nonzero(s)[0]; nsp+=len(idx)
        V[idx]=Vr; ref[idx]=2.0
        gE+=W[:, idx[idx<NE]].sum(1); gI+=W[:, idx[idx>=NE]].sum(1)
    gE-=dt*gE/tE; gI-=dt*gI/tI
el=time.time()-t0
print(f"RESULT run={el:.6f} spikes={nsp}")
`

// brianScript is ../shared/bench/lif_net_brian2.py with the connection
// probability as a third argument (default 0.1), and the C++ standalone's
// times split: code generation plus compilation, and the run (Brian2's own
// measure of it).
const brianScript = `#!/usr/bin/python3
# ../shared/bench/lif_net_brian2.py with the connection probability as a third
# argument (default 0.1), and the C++ standalone's times split: code
# generation plus compilation, and the run (Brian2's own measure of it).
import sys, time, warnings
warnings.filterwarnings("ignore")
t_start=time.time()
from brian2 import *
N=int(sys.argv[1]) if len(sys.argv)>1 else 1000
mode=sys.argv[2] if len(sys.argv)>2 else "numpy"
P=float(sys.argv[3]) if len(sys.argv)>3 else 0.1
outdir=sys.argv[4] if len(sys.argv)>4 else '/tmp/b2cpp'
if mode=="cpp":
    set_device('cpp_standalone', directory=outdir, build_on_run=False)
else:
    prefs.codegen.target='numpy'
NE=int(0.8*N)
eqs='''dv/dt=(-65*mV - v + 10*Mohm*(Iext + gE*(0*mV-v) + gI*(-80*mV-v)))/(10*ms) : volt (unless refractory)
dgE/dt=-gE/(5*ms) : siemens
dgI/dt=-gI/(10*ms) : siemens
Iext : amp'''
defaultclock.dt=0.1*ms
G=NeuronGroup(N,eqs,threshold='v>=-50*mV',reset='v=-65*mV',refractory=2*ms,method='euler')
G.v='-65*mV+rand()*15*mV'; G.Iext='1.6*nA+0.2*nA*rand()'
SE=Synapses(G[:NE],G,on_pre='gE+=0.004*usiemens'); SE.connect(p=P)
SI=Synapses(G[NE:],G,on_pre='gI+=0.016*usiemens'); SI.connect(p=P)
M=SpikeMonitor(G)
t0=time.time(); run(1*second, report=None)
if mode=="cpp":
    t1=time.time()
    device.build(directory=outdir, compile=True, run=True, debug=False)
    el=time.time()-t0
    first=device._last_run_time
    best=first
    import subprocess
    for _ in range(4):
        subprocess.run(['./main'], cwd=outdir, check=True, stdout=subprocess.DEVNULL)
        best=min(best, float(open(outdir+'/results/last_run_info.txt').read().split()[0]))
    print(f"RESULT total={el:.6f} firstrun={first:.6f} run={best:.6f} spikes={M.num_spikes}")
else:
    el=time.time()-t0
    print(f"RESULT run={el:.6f} spikes={M.num_spikes}")
`
