"""The papers a bid needs: required documents, whose 陳述書, names and kana, certificate
validity."""
