-- Per-user settings chosen in the web pages, one row per (user, name); e.g. name 'language', value 'de'.
-- Rows go with their account.
CREATE TABLE user_preference (
    user_id BIGINT       NOT NULL,
    name    VARCHAR(64)  NOT NULL,
    value   VARCHAR(255) NOT NULL,
    PRIMARY KEY (user_id, name),
    CONSTRAINT fk_user_preference_user FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
