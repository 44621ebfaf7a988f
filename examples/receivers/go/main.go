// A webhook receiver for Herald in Go: verifies each delivery's Standard
// Webhooks signature with the standard-webhooks Go library, de-duplicates on
// webhook-id (delivery is at least once), answers 204, or 400 when the
// signature is wrong.
//
//	go mod tidy   # fetches the library
//	PORT=9000 WEBHOOK_SECRET=whsec_... go run .
package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"sync"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

func main() {
	secret := os.Getenv("WEBHOOK_SECRET")
	if secret == "" {
		log.Fatal("set WEBHOOK_SECRET to the endpoint secret (whsec_...)")
	}
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]bool{} // use a store with expiry in production

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Verify the raw bytes: re-serialised JSON would not match the signature.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		if err := wh.Verify(body, r.Header); err != nil {
			log.Printf("rejected: %v", err)
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		id := r.Header.Get("webhook-id")
		mu.Lock()
		duplicate := seen[id]
		seen[id] = true
		mu.Unlock()
		if duplicate {
			log.Printf("duplicate %s, ignored", id)
		} else {
			log.Printf("verified %s: %s", id, body)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "9000"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
