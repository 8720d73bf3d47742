// Entry point of the dispatcher; the pipeline is added by the Dispatcher issue.
return 0;
