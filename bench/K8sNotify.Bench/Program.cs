// Entry point of the bench tool; scenarios are added by the Proof-under-load issue.
return 0;
