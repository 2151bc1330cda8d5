-- Reserved: another branch's migration takes this number; the lead renumbers at merge.
SELECT 1;
