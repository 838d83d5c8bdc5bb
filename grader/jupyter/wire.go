package jupyter

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/go-zeromq/zmq4"
)

// protocolVersion is the version of the Jupyter messaging protocol spoken.
const protocolVersion = "5.3"

// delimiter separates the routing identities from the message frames.
const delimiter = "<IDS|MSG>"

// A header is a message header, or the parent header of a message.
type header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// A message is a received message whose signature has been checked.
type message struct {
	header    header
	rawHeader json.RawMessage // header as received, to be the parent of a reply
	parent    header
	content   json.RawMessage
}

// newID returns a random hexadecimal string of 128 bits.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// sign returns the HMAC-SHA256 of the parts, hex-encoded.
func (k *Kernel) sign(parts [][]byte) []byte {
	mac := hmac.New(sha256.New, k.key)
	for _, p := range parts {
		mac.Write(p)
	}
	return hex.AppendEncode(nil, mac.Sum(nil))
}

// encode returns the frames of a new message and its msg_id. A nil
// parent is encoded as an empty parent header.
func (k *Kernel) encode(msgType string, parent json.RawMessage, content any) (id string, frames [][]byte, err error) {
	id = newID()
	h, err := json.Marshal(header{
		MsgID:    id,
		Session:  k.session,
		Username: "jupyter",
		Date:     time.Now().UTC().Format(time.RFC3339Nano),
		MsgType:  msgType,
		Version:  protocolVersion,
	})
	if err != nil {
		return "", nil, err
	}
	if parent == nil {
		parent = json.RawMessage("{}")
	}
	c, err := json.Marshal(content)
	if err != nil {
		return "", nil, err
	}
	parts := [][]byte{h, parent, []byte("{}"), c}
	frames = append([][]byte{[]byte(delimiter), k.sign(parts)}, parts...)
	return id, frames, nil
}

// decode parses and verifies the frames of a received message: routing
// identities, delimiter, signature, header, parent header, metadata,
// content and buffers, which are ignored.
func (k *Kernel) decode(frames [][]byte) (*message, error) {
	i := 0
	for i < len(frames) && string(frames[i]) != delimiter {
		i++
	}
	if len(frames) < i+6 {
		return nil, errors.New("malformed message")
	}
	if !hmac.Equal(frames[i+1], k.sign(frames[i+2:i+6])) {
		return nil, errors.New("bad signature")
	}
	m := &message{rawHeader: frames[i+2], content: frames[i+5]}
	if err := json.Unmarshal(frames[i+2], &m.header); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(frames[i+3], &m.parent); err != nil {
		return nil, err
	}
	return m, nil
}

// send signs and sends a message on ch and returns its msg_id.
func (k *Kernel) send(ch *channel, msgType string, parent json.RawMessage, content any) (string, error) {
	id, frames, err := k.encode(msgType, parent, content)
	if err != nil {
		return "", err
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return id, ch.sock.SendMulti(zmq4.NewMsgFrom(frames...))
}
