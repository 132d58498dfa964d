package main

// Checks for sprig's random crypto results, which cannot be compared byte for byte: each
// describes what a result must be (a certificate's fields, a key's type) or verifies it, so
// GoTemplate's output and sprig's give the same text. Only oracle templates call them.

import (
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func checkFuncs(now time.Time) map[string]interface{} {
	return map[string]interface{}{
		// bcrypt's verdict on a hash (its cost and version too).
		"oracleBcrypt": func(hash, password string) string {
			if err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)); err != nil {
				return "mismatch: " + err.Error()
			}
			cost, _ := bcrypt.Cost([]byte(hash))
			return fmt.Sprintf("ok %s cost %d", hash[:4], cost)
		},
		"oracleKey":  describeKey,
		"oracleCert": func(text string) string { return describeCert(text, now) },
		// Whether cert chains to ca (as a root), for any extended key usage.
		"oracleVerify": func(cert, ca string) string {
			c, err := parseCert(cert)
			if err != nil {
				return err.Error()
			}
			roots := x509.NewCertPool()
			if !roots.AppendCertsFromPEM([]byte(ca)) {
				return "bad CA PEM"
			}
			if _, err := c.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
				return "verify: " + err.Error()
			}
			return "verified"
		},
	}
}

func parseCert(text string) (*x509.Certificate, error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil || block.Type != "CERTIFICATE" || len(strings.TrimSpace(string(rest))) != 0 {
		return nil, fmt.Errorf("not one CERTIFICATE PEM block")
	}
	return x509.ParseCertificate(block.Bytes)
}

// describeKey parses a private key PEM by its block type, as sprig does, and names its kind.
func describeKey(text string) string {
	block, rest := pem.Decode([]byte(text))
	if block == nil || len(strings.TrimSpace(string(rest))) != 0 {
		return "not one PEM block"
	}
	var key interface{}
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "DSA PRIVATE KEY":
		var k struct {
			Version       int
			P, Q, G, Y, X *big.Int
		}
		var rest []byte
		rest, err = asn1.Unmarshal(block.Bytes, &k)
		if err == nil && len(rest) > 0 {
			err = fmt.Errorf("trailing data")
		}
		if err == nil {
			key = &dsa.PrivateKey{PublicKey: dsa.PublicKey{Parameters: dsa.Parameters{P: k.P, Q: k.Q, G: k.G}, Y: k.Y}, X: k.X}
		}
	default:
		return "block type " + block.Type
	}
	if err != nil {
		return block.Type + ": " + err.Error()
	}
	return block.Type + ": " + keyKind(key)
}

func keyKind(key interface{}) string {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if err := k.Validate(); err != nil {
			return "invalid rsa: " + err.Error()
		}
		return fmt.Sprintf("rsa %d e=%d", k.N.BitLen(), k.E)
	case *rsa.PublicKey:
		return fmt.Sprintf("rsa %d e=%d", k.N.BitLen(), k.E)
	case *ecdsa.PrivateKey:
		return "ecdsa " + k.Curve.Params().Name + fmt.Sprintf(" on-curve=%v", k.Curve.IsOnCurve(k.X, k.Y))
	case *ecdsa.PublicKey:
		return "ecdsa " + k.Curve.Params().Name
	case ed25519.PrivateKey:
		return fmt.Sprintf("ed25519 matches=%v", string(k.Public().(ed25519.PublicKey)) == string(k[32:]))
	case ed25519.PublicKey:
		return "ed25519"
	case *dsa.PrivateKey:
		y := new(big.Int).Exp(k.G, k.X, k.P)
		return fmt.Sprintf("dsa L=%d N=%d y-matches=%v", k.P.BitLen(), k.Q.BitLen(), y.Cmp(k.Y) == 0)
	}
	return fmt.Sprintf("%T", key)
}

// describeCert lists the fields sprig sets; times as offsets from now, to the hour.
func describeCert(text string, now time.Time) string {
	c, err := parseCert(text)
	if err != nil {
		return "parse: " + err.Error()
	}
	ips := []string{}
	for _, ip := range c.IPAddresses {
		ips = append(ips, ip.String())
	}
	fresh := c.NotBefore.After(now.Add(-2*time.Minute)) && c.NotBefore.Before(now.Add(2*time.Minute))
	validity := c.NotAfter.Sub(c.NotBefore).Round(time.Hour)
	serialOK := c.SerialNumber.Sign() >= 0 && c.SerialNumber.BitLen() <= 128
	selfSigned := c.CheckSignatureFrom(c) == nil
	return fmt.Sprintf("v%d CN=%q issuer=%q DNS=%q IPs=%v CA=%v/%v keyUsage=%d extKeyUsage=%v sig=%v key=%s fresh=%v validity=%v serialOK=%v selfSigned=%v skid=%v akid=%v",
		c.Version, c.Subject.CommonName, c.Issuer.CommonName, c.DNSNames, ips, c.BasicConstraintsValid, c.IsCA,
		c.KeyUsage, c.ExtKeyUsage, c.SignatureAlgorithm, keyKind(c.PublicKey), fresh, validity, serialOK, selfSigned,
		len(c.SubjectKeyId) > 0, len(c.AuthorityKeyId) > 0)
}
