package display

import (
	"encoding/gob"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// TestSendAndSync plays the kernel's side of the protocol as GoNB 0.11's
// jpyexec does (simulated here; the notebook tests use the real kernel):
// it reads DisplayData from one pipe and answers a sync request, which it
// expects as a protocol.CommValue value, on the other.
func TestSendAndSync(t *testing.T) {
	dir := t.TempDir()
	toKernel, fromKernel := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{toKernel, fromKernel} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skip("no named pipes:", err)
		}
	}
	t.Setenv(protocol.GONB_PIPE_ENV, toKernel)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, fromKernel)
	IsNotebook = true
	t.Cleanup(func() { IsNotebook, enc, dec, broken = false, nil, nil, nil })

	got := make(chan *protocol.DisplayData, 10)
	go func() {
		r, err := os.Open(toKernel)
		if err != nil {
			t.Error(err)
			return
		}
		w, err := os.OpenFile(fromKernel, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
		for {
			d := new(protocol.DisplayData)
			if err := dec.Decode(d); err != nil {
				close(got)
				return
			}
			if v, ok := d.Data[protocol.MIMECommValue]; ok {
				req := v.(protocol.CommValue)
				if req.Address == protocol.GonbuiSyncAddress {
					enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: req.Value})
				}
				continue
			}
			got <- d
		}
	}()

	HTML("<b>passed</b>")
	PNG([]byte{0x89, 'P', 'N', 'G'})
	done := make(chan bool)
	go func() { Sync(); done <- true }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Sync did not return after the kernel acknowledged it")
	}
	if broken != nil {
		t.Fatal(broken)
	}
	if len(got) != 2 {
		t.Fatalf("Sync returned with %d of the 2 outputs sent before it received", len(got))
	}
	if d := <-got; d.Data[protocol.MIMETextHTML] != "<b>passed</b>" {
		t.Errorf("first output %v, want the HTML", d.Data)
	}
	if d := <-got; string(d.Data[protocol.MIMEImagePNG].([]byte)) != "\x89PNG" {
		t.Errorf("second output %v, want the PNG", d.Data)
	}
}

func TestOutsideNotebook(t *testing.T) {
	t.Setenv(protocol.GONB_PIPE_ENV, "")
	HTML("x") // must neither block nor panic
	Sync()
	if broken == nil {
		t.Error("sending outside a kernel did not fail quietly")
	}
	broken = nil
}
