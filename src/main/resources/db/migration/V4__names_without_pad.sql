-- utf8mb4_bin is a PAD SPACE collation: 'a' and 'a ' compared equal, so a file named "a " replaced "a".
-- Names and logins compare byte for byte, trailing spaces included.
ALTER TABLE node MODIFY name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE trash_item MODIFY orig_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
ALTER TABLE user_account MODIFY login VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL;
